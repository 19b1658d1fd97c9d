-- rating_locked: a submitted rating and its indicators never change (a new version revises them). The
-- assessor's own draft may change freely; submitting is the last update the rating row accepts.
CREATE OR REPLACE FUNCTION rating_locked() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent bigint;
BEGIN
    IF TG_TABLE_NAME = 'performance_rating' THEN
        IF OLD.status = 'submitted' THEN
            RAISE EXCEPTION 'rating %: a submitted rating cannot change (% refused)', OLD.id, TG_OP
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    ELSE
        parent := CASE WHEN TG_OP = 'INSERT' THEN NEW.rating_id ELSE OLD.rating_id END;
        IF EXISTS (SELECT 1 FROM performance_rating r WHERE r.id = parent AND r.status = 'submitted') THEN
            RAISE EXCEPTION 'rating %: a submitted rating''s indicators cannot change (% refused)', parent, TG_OP
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS rating_locked ON performance_rating;
CREATE TRIGGER rating_locked
    BEFORE UPDATE OR DELETE ON performance_rating
    FOR EACH ROW EXECUTE FUNCTION rating_locked();

DROP TRIGGER IF EXISTS rating_score_locked ON performance_ratingscore;
CREATE TRIGGER rating_score_locked
    BEFORE INSERT OR UPDATE OR DELETE ON performance_ratingscore
    FOR EACH ROW EXECUTE FUNCTION rating_locked();
