\pset format unaligned
\pset fieldsep ' | '
\echo TABLES_WITHOUT_COOP
select c.relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where n.nspname='public' and c.relkind='r'
 and not exists (select 1 from pg_attribute a where a.attrelid=c.oid and a.attname='cooperative_id') order by 1;
\echo TENANT_TABLES
select count(*) from pg_class c join pg_namespace n on n.oid=c.relnamespace where n.nspname='public' and c.relkind='r'
 and exists (select 1 from pg_attribute a where a.attrelid=c.oid and a.attname='cooperative_id');
\echo UNIQUE_OR_PK_WITHOUT_COOP_ON_TENANT_TABLES
select con.conrelid::regclass, con.contype, pg_get_constraintdef(con.oid) from pg_constraint con
 where con.contype in ('p','u') and con.connamespace='public'::regnamespace
 and exists (select 1 from pg_attribute a where a.attrelid=con.conrelid and a.attname='cooperative_id')
 and not exists (select 1 from pg_attribute a where a.attrelid=con.conrelid and a.attname='cooperative_id' and a.attnum = any(con.conkey)) order by 1,2;
\echo UNIQUE_INDEXES_WITHOUT_COOP
select i.indrelid::regclass, pg_get_indexdef(i.indexrelid) from pg_index i join pg_class c on c.oid=i.indrelid join pg_namespace n on n.oid=c.relnamespace
 where n.nspname='public' and i.indisunique and not i.indisprimary
 and exists (select 1 from pg_attribute a where a.attrelid=i.indrelid and a.attname='cooperative_id')
 and not exists (select 1 from pg_attribute a where a.attrelid=i.indrelid and a.attname='cooperative_id' and a.attnum = any(i.indkey::int2[]))
 and not exists (select 1 from pg_constraint con where con.conindid=i.indexrelid) order by 1;
\echo FK_TENANT_TO_TENANT_WITHOUT_COOP
select con.conrelid::regclass, con.confrelid::regclass, pg_get_constraintdef(con.oid) from pg_constraint con
 where con.contype='f' and con.connamespace='public'::regnamespace
 and exists (select 1 from pg_attribute a where a.attrelid=con.conrelid and a.attname='cooperative_id')
 and exists (select 1 from pg_attribute a where a.attrelid=con.confrelid and a.attname='cooperative_id')
 and con.confrelid <> 'tenancy_cooperative'::regclass
 and not exists (select 1 from pg_attribute a where a.attrelid=con.conrelid and a.attname='cooperative_id' and a.attnum = any(con.conkey)) order by 1;
\echo FK_TENANT_WITH_COOP
select count(*) from pg_constraint con
 where con.contype='f' and con.connamespace='public'::regnamespace
 and exists (select 1 from pg_attribute a where a.attrelid=con.conrelid and a.attname='cooperative_id' and a.attnum = any(con.conkey)) and con.confrelid <> 'tenancy_cooperative'::regclass;
\echo FK_TENANT_TO_GLOBAL
select con.conrelid::regclass, con.confrelid::regclass, pg_get_constraintdef(con.oid) from pg_constraint con
 where con.contype='f' and con.connamespace='public'::regnamespace
 and exists (select 1 from pg_attribute a where a.attrelid=con.conrelid and a.attname='cooperative_id')
 and not exists (select 1 from pg_attribute a where a.attrelid=con.confrelid and a.attname='cooperative_id') order by 2,1;
\echo FK_GLOBAL_TO_TENANT
select con.conrelid::regclass, con.confrelid::regclass, pg_get_constraintdef(con.oid) from pg_constraint con
 where con.contype='f' and con.connamespace='public'::regnamespace
 and not exists (select 1 from pg_attribute a where a.attrelid=con.conrelid and a.attname='cooperative_id')
 and exists (select 1 from pg_attribute a where a.attrelid=con.confrelid and a.attname='cooperative_id') order by 1;
\echo FUNCTIONS
select proname, prosecdef from pg_proc where pronamespace='public'::regnamespace order by 1;
\echo TRIGGERS
select tgrelid::regclass, tgname from pg_trigger where not tgisinternal order by 1;
