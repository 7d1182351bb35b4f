import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '../database/update-returning.js';
import type { PledgeEmailKind } from '../queue/queue.registry.js';

export interface UndeliveredReceiptRow {
  id: string;
  kind: string;
  number: string;
  donation_id: string;
  issued_at: Date;
  send_attempts: number;
  last_error: string | null;
  failed_at: Date | null;
}

export interface UndeliveredUpdateRow {
  id: string;
  update_id: string;
  campaign_id: string;
  kind: string;
  title: string;
  donor_id: string;
  created_at: Date;
  send_attempts: number;
  last_error: string | null;
  failed_at: Date | null;
}

export interface UndeliveredAnnualReceiptRow {
  id: string;
  kind: string;
  number: string;
  year: number;
  currency: string;
  amount: string;
  donor_id: string;
  issued_at: Date;
  send_attempts: number;
  last_error: string | null;
  failed_at: Date | null;
}

/** A pledge email the sweep sends again: the job's payload that reaches its row. */
export interface FailedPledgeEmailRow {
  donation_id: string;
  kind: PledgeEmailKind;
  amount_remaining: string;
}

/** Receipts and annual receipts alike: a withdrawn document is never mailed. */
const UNSENT_RECEIPT = `sent_at IS NULL AND withdrawn_at IS NULL`;
const UNSENT_DELIVERY = `sent_at IS NULL AND skipped_at IS NULL`;
const UNSENT_PLEDGE_EMAIL = `sent_at IS NULL AND skipped_at IS NULL`;

/** The sending record of receipts, update_deliveries and pledge_emails: what failed or waits, and handing rows back to the queue. */
@Injectable()
export class MailFailuresRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Receipts not sent that failed for good, failed at least once, or were issued longer than `waitingMs` ago. */
  undeliveredReceipts(waitingMs: number, limit: number): Promise<UndeliveredReceiptRow[]> {
    return this.dataSource.query(
      `SELECT id, kind, number, donation_id, issued_at, send_attempts, last_error, failed_at FROM receipts
        WHERE ${UNSENT_RECEIPT} AND (failed_at IS NOT NULL OR send_attempts > 0 OR issued_at < now() - make_interval(secs => $1 / 1000.0))
        ORDER BY failed_at IS NULL, issued_at LIMIT $2`,
      [waitingMs, limit],
    );
  }

  /** The same for update emails; an update's time stands for its deliveries'. */
  undeliveredUpdates(waitingMs: number, limit: number): Promise<UndeliveredUpdateRow[]> {
    return this.dataSource.query(
      `SELECT d.id, d.update_id, u.campaign_id, u.kind, COALESCE(u.title_en, u.title_ja) AS title, d.donor_id, u.created_at, d.send_attempts, d.last_error, d.failed_at
         FROM update_deliveries d JOIN campaign_updates u ON u.id = d.update_id
        WHERE d.sent_at IS NULL AND d.skipped_at IS NULL
          AND (d.failed_at IS NOT NULL OR d.send_attempts > 0 OR u.created_at < now() - make_interval(secs => $1 / 1000.0))
        ORDER BY d.failed_at IS NULL, d.id LIMIT $2`,
      [waitingMs, limit],
    );
  }

  /** The same for annual receipts. */
  undeliveredAnnualReceipts(waitingMs: number, limit: number): Promise<UndeliveredAnnualReceiptRow[]> {
    return this.dataSource.query(
      `SELECT id, kind, number, year, btrim(currency) AS currency, amount, donor_id, issued_at, send_attempts, last_error, failed_at FROM annual_receipts
        WHERE ${UNSENT_RECEIPT} AND (failed_at IS NOT NULL OR send_attempts > 0 OR issued_at < now() - make_interval(secs => $1 / 1000.0))
        ORDER BY failed_at IS NULL, issued_at LIMIT $2`,
      [waitingMs, limit],
    );
  }

  async failedCounts(): Promise<{ receipts: number; updates: number; pledgeEmails: number; annualReceipts: number }> {
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM receipts WHERE failed_at IS NOT NULL AND ${UNSENT_RECEIPT}) AS receipts,
              (SELECT count(*)::int FROM update_deliveries WHERE failed_at IS NOT NULL AND ${UNSENT_DELIVERY}) AS updates,
              (SELECT count(*)::int FROM pledge_emails WHERE failed_at IS NOT NULL AND ${UNSENT_PLEDGE_EMAIL}) AS "pledgeEmails",
              (SELECT count(*)::int FROM annual_receipts WHERE failed_at IS NOT NULL AND ${UNSENT_RECEIPT}) AS "annualReceipts"`,
    );
    return row;
  }

  /** Chosen receipts, still to be sent, taken out of the failed state; their ids. */
  async requeueReceipts(tx: EntityManager, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await updateReturning<{ id: string }>(tx, `UPDATE receipts SET failed_at = NULL WHERE id = ANY($1::uuid[]) AND ${UNSENT_RECEIPT} RETURNING id`, [ids]);
    return rows.map((r) => r.id);
  }

  async requeueDeliveries(tx: EntityManager, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await updateReturning<{ id: string }>(tx, `UPDATE update_deliveries SET failed_at = NULL WHERE id = ANY($1::bigint[]) AND ${UNSENT_DELIVERY} RETURNING id`, [ids]);
    return rows.map((r) => String(r.id));
  }

  async requeueAnnualReceipts(tx: EntityManager, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await updateReturning<{ id: string }>(tx, `UPDATE annual_receipts SET failed_at = NULL WHERE id = ANY($1::uuid[]) AND ${UNSENT_RECEIPT} RETURNING id`, [ids]);
    return rows.map((r) => r.id);
  }

  /** Up to `limit` failed receipts, taken out of the failed state; rows another sweep holds are skipped. */
  async requeueFailedReceipts(tx: EntityManager, limit: number): Promise<string[]> {
    const rows = await updateReturning<{ id: string }>(
      tx,
      `UPDATE receipts SET failed_at = NULL WHERE id IN (
         SELECT id FROM receipts WHERE failed_at IS NOT NULL AND ${UNSENT_RECEIPT} ORDER BY issued_at LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Up to `limit` failed pledge emails, taken out of the failed state. */
  requeueFailedPledgeEmails(tx: EntityManager, limit: number): Promise<FailedPledgeEmailRow[]> {
    return updateReturning<FailedPledgeEmailRow>(
      tx,
      `UPDATE pledge_emails SET failed_at = NULL WHERE id IN (
         SELECT id FROM pledge_emails WHERE failed_at IS NOT NULL AND ${UNSENT_PLEDGE_EMAIL} ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING donation_id, kind, amount_remaining`,
      [limit],
    );
  }

  /** Annual receipts that failed for good, taken out of the failed state to be sent again; their ids. */
  async requeueFailedAnnualReceipts(tx: EntityManager, limit: number): Promise<string[]> {
    const rows = await updateReturning<{ id: string }>(
      tx,
      `UPDATE annual_receipts SET failed_at = NULL WHERE id IN (
         SELECT id FROM annual_receipts WHERE failed_at IS NOT NULL AND ${UNSENT_RECEIPT} ORDER BY issued_at LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  async requeueFailedDeliveries(tx: EntityManager, limit: number): Promise<string[]> {
    const rows = await updateReturning<{ id: string }>(
      tx,
      `UPDATE update_deliveries SET failed_at = NULL WHERE id IN (
         SELECT id FROM update_deliveries WHERE failed_at IS NOT NULL AND ${UNSENT_DELIVERY} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id`,
      [limit],
    );
    return rows.map((r) => String(r.id));
  }
}
