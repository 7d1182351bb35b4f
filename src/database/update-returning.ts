import type { EntityManager } from 'typeorm';

/** The rows of an `UPDATE … RETURNING`: TypeORM answers an UPDATE with [rows, affected], unlike a SELECT or INSERT. */
export async function updateReturning<T>(db: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = (await db.query(sql, params)) as [T[], number];
  return rows;
}
