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
CREATE TABLE public.followup (
    id integer NOT NULL,
    response_id integer NOT NULL,
    owner character varying(128),
    status character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    contacted_at timestamp with time zone,
    resolved_at timestamp with time zone,
    note character varying NOT NULL
);
CREATE SEQUENCE public.followup_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.followup_id_seq OWNED BY public.followup.id;
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
ALTER TABLE ONLY public.followup ALTER COLUMN id SET DEFAULT nextval('public.followup_id_seq'::regclass);
ALTER TABLE ONLY public.response ALTER COLUMN id SET DEFAULT nextval('public.response_id_seq'::regclass);
ALTER TABLE ONLY public.response_change ALTER COLUMN seq SET DEFAULT nextval('public.response_change_seq_seq'::regclass);
ALTER TABLE ONLY public.followup
    ADD CONSTRAINT followup_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.followup
    ADD CONSTRAINT followup_response_id_key UNIQUE (response_id);
ALTER TABLE ONLY public.response_change
    ADD CONSTRAINT response_change_pkey PRIMARY KEY (seq);
ALTER TABLE ONLY public.response
    ADD CONSTRAINT response_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.response
    ADD CONSTRAINT uq_response_source_external_id UNIQUE (source, external_id);
CREATE INDEX ix_response_answered_at ON public.response USING btree (answered_at);
CREATE INDEX ix_response_change_response_id ON public.response_change USING btree (response_id);
CREATE INDEX ix_response_team_answered_at ON public.response USING btree (team_key, answered_at);
CREATE TRIGGER response_change_log AFTER INSERT OR DELETE OR UPDATE ON public.response FOR EACH ROW EXECUTE FUNCTION public.wallboard_log_response_change();
ALTER TABLE ONLY public.followup
    ADD CONSTRAINT followup_response_id_fkey FOREIGN KEY (response_id) REFERENCES public.response(id) ON DELETE CASCADE;
