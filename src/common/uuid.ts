const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs: anything else cannot name a row, and PostgreSQL would refuse it in a uuid column. */
export function isUuid(value: string | undefined | null): value is string {
  return typeof value === 'string' && UUID.test(value);
}
