import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { DonationError } from '../donation.errors.js';
import { normalisePostalCode } from '../postal-code.js';
import type { TaxRecipient } from '../tax-recipient.js';

const TAX_RECEIPT_NAME_MAX = 200;
const TAX_RECEIPT_ADDRESS_MAX = 500;
// Checked below rather than by class-validator, so each refusal has its own code.
const POSTAL_CODE_MAX = 20;

/** Every region Intl knows by name: a two-letter code it does not know (or ZZ, its unknown region) is not an ISO 3166-1 country. */
const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

export class TaxReceiptRequest {
  @ApiProperty({ maxLength: TAX_RECEIPT_NAME_MAX, example: '山田花子', description: 'The name the receipt is made out to, exactly as written' })
  @IsString({ message: 'taxReceipt.name must be a string' })
  name: string;

  @ApiProperty({
    example: '100-0005',
    description: 'JP: seven digits (1234567, 123-4567 or full-width digits), stored as 123-4567. Elsewhere 2 to 10 letters, digits, spaces and dashes',
  })
  @IsString({ message: 'taxReceipt.postalCode must be a string' })
  postalCode: string;

  @ApiProperty({ maxLength: TAX_RECEIPT_ADDRESS_MAX, example: '東京都千代田区丸の内1-1-1', description: 'As written on an envelope, lines separated by newlines' })
  @IsString({ message: 'taxReceipt.address must be a string' })
  address: string;

  @ApiPropertyOptional({ default: 'JP', example: 'JP', description: 'ISO 3166-1 alpha-2 country of the address' })
  @IsOptional()
  @IsString({ message: 'taxReceipt.country must be a string' })
  country?: string;
}

function country(given: string | undefined): string {
  const code = (given ?? 'JP').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || code === 'ZZ' || !REGION_NAMES.of(code)) {
    throw new DonationError('invalid', 'tax_receipt_country_invalid', 'taxReceipt.country must be an ISO 3166-1 alpha-2 country code such as JP or US');
  }
  return code;
}

function text(value: string, field: 'name' | 'address', max: number): string {
  const trimmed = value.trim();
  if (!trimmed) throw new DonationError('invalid', `tax_receipt_${field}_required`, `taxReceipt.${field} must not be empty: the receipt is made out to it`);
  if (trimmed.length > max) throw new DonationError('invalid', 'tax_receipt_too_long', `taxReceipt.${field} must be at most ${max} characters`);
  return trimmed;
}

/**
 * The name and address a tax receipt is made out to, as stored on the donation: trimmed, the country upper-cased
 * and a Japanese postal code written 123-4567; null when the donor asked for no tax receipt.
 */
export function taxRecipientFrom(request: TaxReceiptRequest | null | undefined): TaxRecipient | null {
  if (!request) return null;
  const code = country(request.country);
  const name = text(request.name, 'name', TAX_RECEIPT_NAME_MAX);
  const postalCode = request.postalCode.length <= POSTAL_CODE_MAX ? normalisePostalCode(request.postalCode, code) : null;
  if (!postalCode) {
    const rule = code === 'JP' ? 'a Japanese postal code of seven digits, such as 100-0005' : '2 to 10 letters, digits, spaces or dashes';
    throw new DonationError('invalid', 'tax_receipt_postal_code_invalid', `taxReceipt.postalCode must be ${rule}`);
  }
  return { name, postalCode, address: text(request.address, 'address', TAX_RECEIPT_ADDRESS_MAX), country: code };
}
