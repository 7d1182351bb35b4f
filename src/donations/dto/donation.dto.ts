import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { LARGEST_CHARGE, PAYMENT_METHODS, type PaymentMethod, SUPPORTED_CURRENCIES } from '../../stripe/currencies.js';
import { MAX_CHALLENGE_PAYLOAD } from '../donation-challenge.service.js';
import { DONATION_STATUSES, LANGUAGES } from '../donation.entity.js';
import type { DonationStatus, Language } from '../donation.entity.js';
import type { TaxRecipient } from '../tax-recipient.js';
import { TaxReceiptRequest } from './tax-receipt.dto.js';

const TAX_RECEIPT_CODES = 'tax_receipt_name_required, tax_receipt_address_required, tax_receipt_postal_code_invalid, tax_receipt_country_invalid, tax_receipt_too_long (400)';

export class CreateDonationRequest {
  @ApiProperty({
    description: "The gift in the currency's minor unit (¥5,000 = 5000; $25.00 = 2500), within Stripe's minimum and its maximum for the payment method (99999999 for a card)",
    example: 5000,
  })
  @Max(LARGEST_CHARGE, { message: `amount must be at most ${LARGEST_CHARGE} (Stripe's 8-digit maximum)` })
  @Min(1, { message: 'amount must be positive' })
  @IsInt({ message: 'amount must be an integer in the minor unit of the currency' })
  amount: number;

  @ApiProperty({ enum: SUPPORTED_CURRENCIES, description: "Must be the campaign's currency" })
  @IsIn(SUPPORTED_CURRENCIES, { message: `currency must be one of: ${SUPPORTED_CURRENCIES.join(', ')}` })
  currency: string;

  @ApiProperty({ example: 'hanako@example.jp' })
  @MaxLength(320, { message: 'email must be at most 320 characters' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  email: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  @IsString({ message: 'name must be a string' })
  name?: string;

  @ApiPropertyOptional({ description: 'Hide the name on public pages' })
  @IsOptional()
  @IsBoolean({ message: 'anonymous must be true or false' })
  anonymous?: boolean;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @MaxLength(500, { message: 'message must be at most 500 characters' })
  @IsString({ message: 'message must be a string' })
  message?: string;

  @ApiPropertyOptional({ description: "Add Stripe's fee so the campaign gets the whole amount" })
  @IsOptional()
  @IsBoolean({ message: 'coverFees must be true or false' })
  coverFees?: boolean;

  @ApiPropertyOptional({ description: 'Receive progress updates from this campaign (default true); receipts are always sent' })
  @IsOptional()
  @IsBoolean({ message: 'subscribeToUpdates must be true or false' })
  subscribeToUpdates?: boolean;

  @ApiPropertyOptional({ enum: LANGUAGES, description: 'Language of receipts and updates; from Accept-Language when absent' })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `language must be one of: ${LANGUAGES.join(', ')}` })
  language?: Language;

  @ApiPropertyOptional({
    enum: PAYMENT_METHODS,
    default: 'card',
    description:
      "How the donor pays: card (default), or konbini (a voucher paid in cash at a convenience store; needs name; ¥120 to ¥300,000) or bank_transfer (to the donor's own virtual account), both JPY only. These two answer with nextAction and stay awaiting_payment until paid",
  })
  @IsOptional()
  @IsIn(PAYMENT_METHODS, { message: `paymentMethod must be one of: ${PAYMENT_METHODS.join(', ')}` })
  paymentMethod?: PaymentMethod;

  @ApiPropertyOptional({
    maxLength: MAX_CHALLENGE_PAYLOAD,
    description:
      'While the card-testing alarm is on: a solved challenge from GET /api/donations/challenge, as base64(JSON {challenge, solution: {counter, derivedKey}}) (the ALTCHA payload); each one starts one donation',
  })
  @IsOptional()
  @MaxLength(MAX_CHALLENGE_PAYLOAD, { message: `challenge must be at most ${MAX_CHALLENGE_PAYLOAD} characters` })
  @IsString({ message: 'challenge must be a string' })
  challenge?: string;

  @ApiPropertyOptional({
    type: TaxReceiptRequest,
    nullable: true,
    description: `The donor asks for a receipt a tax office accepts (寄附金受領証明書), made out to this name and address; absent or null: none. Refusals: ${TAX_RECEIPT_CODES}`,
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => TaxReceiptRequest)
  @IsObject({ message: 'taxReceipt must be an object {name, postalCode, address, country?}' })
  taxReceipt?: TaxReceiptRequest | null;
}

class TaxRecipientView {
  @ApiProperty()
  name: string;

  @ApiProperty({ example: '100-0005' })
  postalCode: string;

  @ApiProperty()
  address: string;

  @ApiProperty({ example: 'JP' })
  country: string;
}

export class KonbiniStore {
  @ApiProperty({ example: 'lawson' })
  chain: string;

  @ApiProperty()
  paymentCode: string;

  @ApiProperty({ type: String, nullable: true })
  confirmationNumber: string | null;
}

/** What a pledge asks of the donor: `konbini` has the voucher fields, `bank_transfer` the account fields. */
export class NextAction {
  @ApiProperty({ enum: ['konbini', 'bank_transfer'] })
  type: 'konbini' | 'bank_transfer';

  @ApiPropertyOptional({ description: "konbini: Stripe's page of the voucher" })
  voucherUrl?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'konbini: the deadline (23:59 Japan time of its last day)' })
  expiresAt?: string;

  @ApiPropertyOptional({ type: [KonbiniStore], description: 'konbini: the codes to give at each store chain' })
  stores?: KonbiniStore[];

  @ApiPropertyOptional({ example: 'ストライプテスト銀行' })
  bankName?: string;

  @ApiPropertyOptional()
  bankCode?: string;

  @ApiPropertyOptional()
  branchName?: string;

  @ApiPropertyOptional()
  branchCode?: string;

  @ApiPropertyOptional({ example: 'futsu', description: 'futsu (ordinary) or toza (current)' })
  accountType?: string;

  @ApiPropertyOptional()
  accountNumber?: string;

  @ApiPropertyOptional()
  accountHolderName?: string;

  @ApiPropertyOptional({ description: 'bank_transfer: what is still to be sent, minor units' })
  amountRemaining?: number;
}

export class CreateDonationResponse {
  @ApiProperty({ format: 'uuid' })
  donationId: string;

  @ApiProperty({ example: 'pi_3Nx…' })
  paymentIntentId: string;

  @ApiProperty({ description: "For Stripe's Payment Element (or the emulator's card form)" })
  clientSecret: string;

  @ApiProperty({ description: "Lets the donor's browser follow this donation: GET /api/donations/{donationId}/status?token=…" })
  statusToken: string;

  @ApiProperty({ enum: ['pending', 'awaiting_payment'], description: 'awaiting_payment for a konbini voucher or a bank transfer' })
  status: 'pending' | 'awaiting_payment';

  @ApiProperty({ enum: PAYMENT_METHODS })
  paymentMethod: PaymentMethod;

  @ApiPropertyOptional({ type: () => NextAction, description: 'For konbini and bank_transfer: what the donor must do to pay' })
  nextAction?: NextAction;

  @ApiProperty({ description: 'The gift, minor units' })
  amount: number;

  @ApiProperty({ description: 'What the donor adds to cover the fee (0 unless coverFees)' })
  coveredFeeAmount: number;

  @ApiProperty({ description: 'What the card is charged: amount + coveredFeeAmount' })
  chargeAmount: number;

  @ApiProperty()
  currency: string;
}

export class DonationResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty()
  amount: number;

  @ApiProperty()
  coveredFeeAmount: number;

  @ApiProperty()
  currency: string;

  @ApiProperty({ enum: DONATION_STATUSES })
  status: DonationStatus;

  @ApiProperty()
  email: string;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty()
  anonymous: boolean;

  @ApiProperty({ type: String, nullable: true })
  message: string | null;

  @ApiProperty({ enum: LANGUAGES })
  language: Language;

  @ApiProperty({ type: String, nullable: true })
  paymentIntentId: string | null;

  @ApiProperty({ enum: PAYMENT_METHODS })
  paymentMethod: PaymentMethod;

  @ApiPropertyOptional({ type: () => NextAction, description: 'A pledge: what the donor was asked to do' })
  nextAction?: NextAction;

  @ApiPropertyOptional({ type: String, description: 'Set once the receipt is issued' })
  receiptNumber?: string;

  @ApiProperty({ type: TaxRecipientView, nullable: true, description: 'The name and address for a tax receipt; null when the donor asked for none' })
  taxReceipt: TaxRecipient | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

/** What the donor's own browser may see: the donation's money and state, and where it went. */
export class DonationStatusView extends PickType(DonationResponse, ['status', 'amount', 'coveredFeeAmount', 'currency', 'receiptNumber', 'paymentMethod'] as const) {
  @ApiPropertyOptional({ type: () => NextAction, description: 'While awaiting payment: what the donor must do' })
  nextAction?: NextAction;

  @ApiProperty()
  campaignSlug: string;

  @ApiProperty()
  campaignTitle: string;
}
