-- procurement_delivery_basis(material, grade, date, key): what a delivery is priced on, in one statement
-- (procurement/selectors.py, delivery_basis). Answers one row: the codes of the material's quality
-- parameters; the price rule in force on the date (the newest started on or before it for the grade
-- when the grade has one, else the newest for every grade; null when none) with its steps as parallel
-- arrays in step order; and, when a key is given, the id of a delivery already recorded under it
-- (a replay) or else new_id, the next value of the deliveries' id sequence (a delivery refused after
-- that leaves its id unused, so delivery numbers may skip). Runs as the caller: row-level security
-- applies. PL/pgSQL keeps the plan for the connection's life (planning, with the row-level security
-- conditions, cost more than running: docs/performance.md).
CREATE OR REPLACE FUNCTION procurement_delivery_basis(p_material bigint, p_grade text, p_date date, p_key uuid)
RETURNS TABLE (
    parameter_codes text[], rule_id bigint, rule_version int, base_price numeric,
    step_parameters text[], step_above boolean[], step_thresholds numeric[], step_sizes numeric[],
    step_amounts numeric[], replay_id bigint, new_id bigint
) LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
    coop bigint := app_cooperative_id();
    rule record;
BEGIN
    SELECT r.id, r.version, r.base_price INTO rule
      FROM procurement_pricerule r
     WHERE r.cooperative_id = coop AND r.material_id = p_material AND r.valid_from <= p_date
       AND (r.grade = p_grade OR r.grade = '')
     ORDER BY r.grade = '', r.valid_from DESC
     LIMIT 1;
    SELECT array_agg(q.code ORDER BY q.id) INTO parameter_codes
      FROM procurement_qualityparameter q
     WHERE q.cooperative_id = coop AND q.material_id = p_material;
    rule_id := rule.id;
    rule_version := rule.version;
    base_price := rule.base_price;
    SELECT array_agg(q.code ORDER BY s.id), array_agg(s.direction = 'above' ORDER BY s.id),
           array_agg(s.threshold ORDER BY s.id), array_agg(s.step ORDER BY s.id), array_agg(s.amount ORDER BY s.id)
      INTO step_parameters, step_above, step_thresholds, step_sizes, step_amounts
      FROM procurement_pricestep s
      JOIN procurement_qualityparameter q ON q.id = s.parameter_id
     WHERE s.cooperative_id = coop AND s.rule_id = rule.id;
    IF p_key IS NOT NULL THEN
        SELECT d.id INTO replay_id FROM procurement_delivery d WHERE d.cooperative_id = coop AND d.key = p_key;
        IF replay_id IS NULL THEN
            new_id := nextval('procurement_delivery_id_seq'::regclass);
        END IF;
    END IF;
    RETURN NEXT;
END;
$$;
