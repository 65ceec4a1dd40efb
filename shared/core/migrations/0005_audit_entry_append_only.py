"""Make the platform's audit log append-only in the database: rows are never changed or removed.

The one change allowed is the one Django makes when a person or an
organisation named in an entry is deleted (``on_delete=SET_NULL``): that
reference, and nothing else, may become NULL. TRUNCATE is left to privileges
(decision 0015): the test suite's flush empties public tables with it.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION core_auditentry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
        AND NEW.target = OLD.target AND NEW.before = OLD.before AND NEW.after = OLD.after
        AND (NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id OR NEW.actor_id IS NULL)
        AND (NEW.organization_id IS NOT DISTINCT FROM OLD.organization_id
             OR NEW.organization_id IS NULL)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The platform audit log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0004_delivery")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
