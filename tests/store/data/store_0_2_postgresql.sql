CREATE FUNCTION public.wallboard_log_response_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           INSERT INTO response_change (response_id, old_score, new_score)
           VALUES (NEW.id, NULL, NEW.score);
         ELSIF TG_OP = 'UPDATE' THEN
           INSERT INTO response_change (response_id, old_score, new_score)
           VALUES (NEW.id, OLD.score, NEW.score);
         ELSE
           INSERT INTO response_change (response_id, old_score, new_score)
           VALUES (OLD.id, OLD.score, NULL);
         END IF;
         RETURN NULL;
       END $$;
CREATE TABLE public.action_item (
    id integer NOT NULL,
    team_key character varying(64) NOT NULL,
    text character varying(500) NOT NULL,
    owner character varying(128),
    due date,
    done boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by character varying(128),
    done_at timestamp with time zone,
    done_by character varying(128)
);
CREATE SEQUENCE public.action_item_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.action_item_id_seq OWNED BY public.action_item.id;
CREATE TABLE public.app_setting (
    key character varying(64) NOT NULL,
    value text NOT NULL
);
CREATE TABLE public.app_user (
    id integer NOT NULL,
    username character varying(64) NOT NULL,
    password_hash character varying(256) NOT NULL,
    created_at timestamp with time zone NOT NULL
);
CREATE SEQUENCE public.app_user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.app_user_id_seq OWNED BY public.app_user.id;
CREATE TABLE public.followup (
    id integer NOT NULL,
    response_id integer NOT NULL,
    owner character varying(128),
    status character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    contacted_at timestamp with time zone,
    resolved_at timestamp with time zone,
    note character varying NOT NULL,
    updated_at timestamp with time zone,
    updated_by character varying(128)
);
CREATE TABLE public.followup_history (
    id integer NOT NULL,
    response_id integer NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    changed_by character varying(128) NOT NULL,
    change text NOT NULL
);
CREATE SEQUENCE public.followup_history_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.followup_history_id_seq OWNED BY public.followup_history.id;
CREATE SEQUENCE public.followup_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.followup_id_seq OWNED BY public.followup.id;
CREATE TABLE public.notification (
    id integer NOT NULL,
    response_id integer NOT NULL,
    created_at timestamp with time zone NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    delivered_at timestamp with time zone,
    failed_at timestamp with time zone,
    last_error text,
    summary_id integer,
    last_attempt_at timestamp with time zone
);
CREATE SEQUENCE public.notification_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.notification_id_seq OWNED BY public.notification.id;
CREATE TABLE public.response (
    id integer NOT NULL,
    source character varying(64) NOT NULL,
    external_id character varying(128) NOT NULL,
    score integer NOT NULL,
    comment character varying NOT NULL,
    team_key character varying(64) NOT NULL,
    employee character varying(128),
    customer_name character varying(128),
    answered_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    raw text,
    CONSTRAINT ck_response_score_0_10 CHECK (((score >= 0) AND (score <= 10)))
);
CREATE TABLE public.response_change (
    seq integer NOT NULL,
    response_id integer NOT NULL,
    old_score integer,
    new_score integer
);
CREATE SEQUENCE public.response_change_seq_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.response_change_seq_seq OWNED BY public.response_change.seq;
CREATE SEQUENCE public.response_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.response_id_seq OWNED BY public.response.id;
ALTER TABLE ONLY public.action_item ALTER COLUMN id SET DEFAULT nextval('public.action_item_id_seq'::regclass);
ALTER TABLE ONLY public.app_user ALTER COLUMN id SET DEFAULT nextval('public.app_user_id_seq'::regclass);
ALTER TABLE ONLY public.followup ALTER COLUMN id SET DEFAULT nextval('public.followup_id_seq'::regclass);
ALTER TABLE ONLY public.followup_history ALTER COLUMN id SET DEFAULT nextval('public.followup_history_id_seq'::regclass);
ALTER TABLE ONLY public.notification ALTER COLUMN id SET DEFAULT nextval('public.notification_id_seq'::regclass);
ALTER TABLE ONLY public.response ALTER COLUMN id SET DEFAULT nextval('public.response_id_seq'::regclass);
ALTER TABLE ONLY public.response_change ALTER COLUMN seq SET DEFAULT nextval('public.response_change_seq_seq'::regclass);
ALTER TABLE ONLY public.action_item
    ADD CONSTRAINT action_item_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.app_setting
    ADD CONSTRAINT app_setting_pkey PRIMARY KEY (key);
ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_username_key UNIQUE (username);
ALTER TABLE ONLY public.followup_history
    ADD CONSTRAINT followup_history_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.followup
    ADD CONSTRAINT followup_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.followup
    ADD CONSTRAINT followup_response_id_key UNIQUE (response_id);
ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_response_id_key UNIQUE (response_id);
ALTER TABLE ONLY public.response_change
    ADD CONSTRAINT response_change_pkey PRIMARY KEY (seq);
ALTER TABLE ONLY public.response
    ADD CONSTRAINT response_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.response
    ADD CONSTRAINT uq_response_source_external_id UNIQUE (source, external_id);
CREATE INDEX ix_action_item_team_key ON public.action_item USING btree (team_key);
CREATE INDEX ix_followup_history_response_id ON public.followup_history USING btree (response_id);
CREATE INDEX ix_response_answered_at ON public.response USING btree (answered_at);
CREATE INDEX ix_response_change_response_id ON public.response_change USING btree (response_id);
CREATE INDEX ix_response_team_answered_at ON public.response USING btree (team_key, answered_at);
CREATE TRIGGER response_change_log AFTER INSERT OR DELETE OR UPDATE ON public.response FOR EACH ROW EXECUTE FUNCTION public.wallboard_log_response_change();
ALTER TABLE ONLY public.followup_history
    ADD CONSTRAINT followup_history_response_id_fkey FOREIGN KEY (response_id) REFERENCES public.response(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.followup
    ADD CONSTRAINT followup_response_id_fkey FOREIGN KEY (response_id) REFERENCES public.response(id) ON DELETE CASCADE;
ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_response_id_fkey FOREIGN KEY (response_id) REFERENCES public.response(id) ON DELETE CASCADE;
