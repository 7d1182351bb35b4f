import type { Account } from './account.js';
import { invalidRequest } from './errors.js';
import { previousValues } from './events.js';
import type { Params } from './form.js';
import { recordDisputeReinstatement, recordDisputeWithdrawal } from './ledger.js';
import { buildDispute, isEvidenceField } from './objects-money.js';
import { checkKnownParams, mergeMetadata, optionalBoolean, optionalObject, optionalString } from './params.js';
import { NO_REQUEST } from './types.js';
import type { Charge, Dispute, DisputeStatus, RequestOrigin } from './types.js';

const CLOSED: DisputeStatus[] = ['won', 'lost', 'warning_closed'];

function isInquiry(dispute: Dispute): boolean {
  return dispute.status.startsWith('warning_');
}

/** A charged-back charge cannot be refunded unless the dispute was won; an inquiry does not block refunds. */
export function blocksRefund(dispute: Dispute): boolean {
  return !dispute.is_charge_refundable && dispute.status !== 'won';
}

/** What Stripe does a moment after a charge on a dispute test card: a chargeback takes the funds back, an inquiry moves none. */
export function openDispute(account: Account, charge: Charge, caseType: 'chargeback' | 'inquiry', origin: RequestOrigin): Dispute {
  const dispute = account.disputes.add(withSubmissionFields(buildDispute(charge, caseType)));
  charge.disputed = true;
  if (caseType === 'chargeback') dispute.balance_transactions.push(recordDisputeWithdrawal(account, dispute));
  account.events.emit('charge.dispute.created', dispute, origin);
  if (caseType === 'chargeback') account.events.emit('charge.dispute.funds_withdrawn', dispute, origin);
  return dispute;
}

/** The pinned API version's fields on how evidence is submitted: nothing intended, nothing submitted yet. */
function withSubmissionFields(dispute: Dispute): Dispute {
  dispute.intended_submission_method = null;
  dispute.evidence_details = { ...dispute.evidence_details, submission_method: 'not_submitted' };
  return dispute;
}

/**
 * Metadata and evidence. Submitted evidence with `uncategorized_text` `winning_evidence` or `losing_evidence`
 * settles the dispute a moment later, as in Stripe's test mode; other evidence leaves it under review.
 */
export function updateDispute(account: Account, dispute: Dispute, params: Params, origin: RequestOrigin): Dispute {
  checkKnownParams(params, ['evidence', 'metadata', 'submit', 'intended_submission_method']);
  const evidence = readEvidence(params);
  const intendedSubmission = readIntendedSubmission(params);
  if (evidence && CLOSED.includes(dispute.status)) throw invalidRequest(`Dispute ${dispute.id} is already closed; its evidence cannot change.`, { param: 'evidence' });
  const submit = optionalBoolean(params, 'submit') ?? true;
  const previous = previousValues(dispute, () => {
    dispute.metadata = mergeMetadata(dispute.metadata, params);
    if (intendedSubmission) dispute.intended_submission_method = intendedSubmission;
    if (evidence) dispute.evidence = { ...dispute.evidence, ...evidence };
    if (evidence && submit) submitEvidence(dispute);
  });
  account.events.emit('charge.dispute.updated', dispute, origin, previous);
  const verdict = evidence && submit ? verdictOf(dispute) : null;
  if (verdict) account.scheduler.later(() => settleDispute(account, dispute, verdict, NO_REQUEST));
  return dispute;
}

/** Closing accepts the dispute: a chargeback is lost, an inquiry simply closes. */
export function closeDispute(account: Account, dispute: Dispute, params: Params, origin: RequestOrigin): Dispute {
  checkKnownParams(params, []);
  if (CLOSED.includes(dispute.status)) throw invalidRequest(`Dispute ${dispute.id} is already closed.`);
  settleDispute(account, dispute, 'lost', origin);
  return dispute;
}

const INTENDED_SUBMISSION_METHODS = ['manual', 'prefer_manual', 'prefer_smart_disputes', 'smart_disputes'];

/** Recorded only: the emulator submits evidence by hand whatever is intended (it has no Smart Disputes). */
function readIntendedSubmission(params: Params): string | undefined {
  const method = optionalString(params, 'intended_submission_method');
  if (method !== undefined && !INTENDED_SUBMISSION_METHODS.includes(method)) {
    throw invalidRequest(`Invalid intended_submission_method: must be one of ${INTENDED_SUBMISSION_METHODS.join(', ')}`, { param: 'intended_submission_method' });
  }
  return method;
}

function readEvidence(params: Params): Record<string, string> | undefined {
  const evidence = optionalObject(params, 'evidence');
  if (!evidence) return undefined;
  for (const [field, value] of Object.entries(evidence)) {
    if (!isEvidenceField(field)) throw invalidRequest(`Received unknown parameter: evidence[${field}]`, { param: `evidence[${field}]`, code: 'parameter_unknown' });
    if (typeof value !== 'string') throw invalidRequest(`Invalid string: evidence[${field}]`, { param: `evidence[${field}]` });
  }
  return evidence as Record<string, string>;
}

function submitEvidence(dispute: Dispute): void {
  dispute.evidence_details = {
    ...dispute.evidence_details,
    has_evidence: true,
    submission_count: dispute.evidence_details.submission_count + 1,
    submission_method: 'manual',
  };
  dispute.status = isInquiry(dispute) ? 'warning_under_review' : 'under_review';
}

function verdictOf(dispute: Dispute): 'won' | 'lost' | null {
  const text = dispute.evidence.uncategorized_text;
  if (text === 'winning_evidence') return 'won';
  if (text === 'losing_evidence') return 'lost';
  return null;
}

function settleDispute(account: Account, dispute: Dispute, verdict: 'won' | 'lost', origin: RequestOrigin): void {
  const inquiry = isInquiry(dispute);
  const previous = previousValues(dispute, () => {
    dispute.status = inquiry ? 'warning_closed' : verdict;
    if (!inquiry && verdict === 'won') dispute.balance_transactions.push(recordDisputeReinstatement(account, dispute));
  });
  account.events.emit('charge.dispute.closed', dispute, origin, previous);
  if (!inquiry && verdict === 'won') account.events.emit('charge.dispute.funds_reinstated', dispute, origin);
}
