CREATE TABLE response (
	id INTEGER NOT NULL, 
	source VARCHAR(64) NOT NULL, 
	external_id VARCHAR(128) NOT NULL, 
	score INTEGER NOT NULL, 
	comment VARCHAR NOT NULL, 
	team_key VARCHAR(64) NOT NULL, 
	employee VARCHAR(128), 
	customer_name VARCHAR(128), 
	answered_at DATETIME NOT NULL, 
	received_at DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, 
	raw TEXT, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_response_source_external_id UNIQUE (source, external_id), 
	CONSTRAINT ck_response_score_0_10 CHECK (score >= 0 AND score <= 10)
);
CREATE INDEX ix_response_team_answered_at ON response (team_key, answered_at);
CREATE INDEX ix_response_answered_at ON response (answered_at);
CREATE TABLE response_change (
	seq INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	response_id INTEGER NOT NULL, 
	old_score INTEGER, 
	new_score INTEGER
);
CREATE INDEX ix_response_change_response_id ON response_change (response_id);
CREATE TABLE action_item (
	id INTEGER NOT NULL, 
	team_key VARCHAR(64) NOT NULL, 
	text VARCHAR(500) NOT NULL, 
	owner VARCHAR(128), 
	due DATE, 
	done BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	created_by VARCHAR(128), 
	done_at DATETIME, 
	done_by VARCHAR(128), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_action_item_team_key ON action_item (team_key);
CREATE TABLE app_user (
	id INTEGER NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	password_hash VARCHAR(256) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (username)
);
CREATE TABLE app_setting (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE followup (
	id INTEGER NOT NULL, 
	response_id INTEGER NOT NULL, 
	owner VARCHAR(128), 
	status VARCHAR(16) NOT NULL, 
	created_at DATETIME NOT NULL, 
	contacted_at DATETIME, 
	resolved_at DATETIME, 
	note VARCHAR NOT NULL, 
	updated_at DATETIME, 
	updated_by VARCHAR(128), 
	PRIMARY KEY (id), 
	UNIQUE (response_id), 
	FOREIGN KEY(response_id) REFERENCES response (id) ON DELETE CASCADE
);
CREATE TABLE followup_history (
	id INTEGER NOT NULL, 
	response_id INTEGER NOT NULL, 
	changed_at DATETIME NOT NULL, 
	changed_by VARCHAR(128) NOT NULL, 
	change TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(response_id) REFERENCES response (id) ON DELETE CASCADE
);
CREATE INDEX ix_followup_history_response_id ON followup_history (response_id);
CREATE TABLE notification (
	id INTEGER NOT NULL, 
	response_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	attempts INTEGER NOT NULL, 
	next_attempt_at DATETIME NOT NULL, 
	delivered_at DATETIME, 
	failed_at DATETIME, 
	last_error TEXT, 
	summary_id INTEGER, 
	last_attempt_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (response_id), 
	FOREIGN KEY(response_id) REFERENCES response (id) ON DELETE CASCADE
);
CREATE TRIGGER response_change_insert AFTER INSERT ON response
       BEGIN INSERT INTO response_change (response_id, old_score, new_score)
             VALUES (NEW.id, NULL, NEW.score); END;
CREATE TRIGGER response_change_update AFTER UPDATE ON response
       BEGIN INSERT INTO response_change (response_id, old_score, new_score)
             VALUES (NEW.id, OLD.score, NEW.score); END;
CREATE TRIGGER response_change_delete AFTER DELETE ON response
       BEGIN INSERT INTO response_change (response_id, old_score, new_score)
             VALUES (OLD.id, OLD.score, NULL); END;
