"""vacancy_search: the job search's materialised document, one narrow row per published vacancy, kept by a trigger

The search read the wide vacancy rows (description, its 20,000-character tsvector, every column): a search that
matched 1,500 rows fetched 1,500 heap pages. This table holds only what a search filters, ranks and orders by,
so the same rows fit in a few dozen pages: the facets as one array (a GIN index answers any combination of sector,
contract, work mode, abroad, country, region and occupation), the unaccented title with its trigram index (no
per-row unaccent on recheck), the title's own tsvector for ranking, and a covering index for "newest first" that
is read without touching the table. A trigger on vacancy keeps it: a row exists exactly while the vacancy is
published, whatever writes the vacancy (form, API, import, moderation), in the same transaction.

Every statement that changes documents, and every change of an organisation's status or name, notifies channel
`sankofa_search` (delivered at commit): the web processes' caches of anonymous searches empty on it
(`sankofa.search.cache`).

Revision ID: 0013
Revises: 0012i
Create Date: 2026-12-03 14:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012i"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What a search document holds, computed from a vacancy row called `v` (NEW in the trigger, the table below).
DOCUMENT_COLUMNS = (
    "vacancy_id, organisation_id, published_at, deadline, lat, lon, salary_currency, salary_top, facets, "
    "title_plain, title_vector, search_vector"
)
DOCUMENT_VALUES = """
    v.id, v.organisation_id, v.published_at, v.deadline, v.lat, v.lon, v.salary_currency,
    coalesce(v.salary_max, v.salary_min),
    array_remove(ARRAY['s:' || v.sector, 'c:' || v.contract_type, 'w:' || v.work_mode,
                       CASE WHEN v.open_to_abroad THEN 'abroad' END, 'k:' || v.country, 'r:' || v.region,
                       'o:' || v.occupation_uri], NULL),
    sankofa_unaccent(v.title),
    to_tsvector('sankofa_fr'::regconfig, v.title) || to_tsvector('sankofa_en'::regconfig, v.title),
    v.search_vector"""
UPDATES = ", ".join(f"{c} = EXCLUDED.{c}" for c in DOCUMENT_COLUMNS.split(", ")[1:])


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE vacancy_search (
            vacancy_id integer PRIMARY KEY REFERENCES vacancy (id) ON DELETE CASCADE,
            organisation_id integer NOT NULL,
            published_at timestamptz,
            deadline date,
            lat double precision,
            lon double precision,
            salary_currency varchar(3),
            salary_top integer,
            facets text[] NOT NULL,
            title_plain text NOT NULL,
            title_vector tsvector NOT NULL,
            search_vector tsvector
        )"""
    )
    op.execute(
        f"""
        CREATE FUNCTION sankofa_vacancy_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.status = 'published' THEN
                INSERT INTO vacancy_search ({DOCUMENT_COLUMNS})
                SELECT {DOCUMENT_VALUES} FROM (SELECT NEW.*) AS v
                ON CONFLICT (vacancy_id) DO UPDATE SET {UPDATES};
            ELSIF TG_OP = 'UPDATE' AND OLD.status = 'published' THEN
                DELETE FROM vacancy_search WHERE vacancy_id = NEW.id;
            END IF;
            RETURN NULL;
        END $$"""
    )
    # Only the columns a document reads: an import touching updated_at or content_hash alone rewrites nothing.
    op.execute(
        """
        CREATE TRIGGER vacancy_search_sync AFTER INSERT OR UPDATE OF
            status, organisation_id, published_at, deadline, lat, lon, salary_currency, salary_min, salary_max,
            salary_period, positions,
            sector, contract_type, work_mode, open_to_abroad, country, region, occupation_uri, title, description
        ON vacancy FOR EACH ROW EXECUTE FUNCTION sankofa_vacancy_search_sync()"""
    )
    # The cards a cached search shows: any change to a document, or to the employer's status or name, empties them.
    op.execute(
        """
        CREATE FUNCTION sankofa_search_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('sankofa_search', '');
            RETURN NULL;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER vacancy_search_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancy_search "
        "FOR EACH STATEMENT EXECUTE FUNCTION sankofa_search_notify()"
    )
    op.execute(
        "CREATE TRIGGER organisation_search_notify AFTER UPDATE OF status, name ON organisation "
        "FOR EACH STATEMENT EXECUTE FUNCTION sankofa_search_notify()"
    )
    op.execute(
        f"INSERT INTO vacancy_search ({DOCUMENT_COLUMNS}) SELECT {DOCUMENT_VALUES} FROM vacancy v "
        "WHERE v.status = 'published'"
    )
    op.execute("CREATE INDEX ix_vacancy_search_text ON vacancy_search USING gin (search_vector)")
    op.execute("CREATE INDEX ix_vacancy_search_facets ON vacancy_search USING gin (facets)")
    op.execute("CREATE INDEX ix_vacancy_search_title_trgm ON vacancy_search USING gin (title_plain gin_trgm_ops)")
    op.execute(
        "CREATE INDEX ix_vacancy_search_recent ON vacancy_search (published_at DESC, vacancy_id DESC) "
        "INCLUDE (organisation_id, deadline, facets)"
    )
    op.execute("CREATE INDEX ix_vacancy_search_lat_lon ON vacancy_search (lat, lon)")
    # The vacancy's own unaccented-title trigram index served only the search: the document's replaces it.
    op.execute("DROP INDEX IF EXISTS ix_vacancy_title_unaccent_trgm")
    op.execute("ANALYZE vacancy_search")


def downgrade() -> None:
    op.execute(
        "CREATE INDEX ix_vacancy_title_unaccent_trgm ON vacancy USING gin (sankofa_unaccent(title) gin_trgm_ops)"
    )
    op.execute("DROP TRIGGER IF EXISTS organisation_search_notify ON organisation")
    op.execute("DROP TRIGGER IF EXISTS vacancy_search_sync ON vacancy")
    op.execute("DROP FUNCTION IF EXISTS sankofa_vacancy_search_sync()")
    op.execute("DROP TABLE IF EXISTS vacancy_search")
    op.execute("DROP FUNCTION IF EXISTS sankofa_search_notify()")
