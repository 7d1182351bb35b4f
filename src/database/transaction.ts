import { DataSource, EntityManager } from 'typeorm';

/** Runs work in one transaction; a caller that already holds one passes it and joins it. */
export function inTransaction<T>(
  dataSource: DataSource,
  work: (tx: EntityManager) => Promise<T>,
  existing?: EntityManager,
): Promise<T> {
  if (existing) return work(existing);
  return dataSource.transaction(work);
}
