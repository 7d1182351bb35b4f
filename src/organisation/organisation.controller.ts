import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES } from '../auth/roles.js';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { AuditLogService } from '../users/audit-log.service.js';
import { OrganisationProfileRequest, OrganisationProfileResponse } from './dto/organisation.dto.js';
import { type OrganisationProfile, OrganisationService } from './organisation.service.js';
import { profileFromRequest } from './profile-rules.js';

function profileView(profile: OrganisationProfile): OrganisationProfileResponse {
  const { version, savedAt, legalName, address, representative, taxStatus, certificationNumber, certificationDate, timezone } = profile;
  return { version, savedAt, legalName, address, representative, taxStatus, certificationNumber, certificationDate, timezone };
}

/** The organisation's receipt profile: what every receipt says about the organisation. */
@ApiTags('organisation')
@Controller('api/organisation')
export class OrganisationController {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly audit: AuditLogService,
  ) {}

  @Get()
  @Staff(...ROLES)
  @ApiOperation({ summary: 'The receipt profile in force, with its version and when it was saved' })
  @ApiOkResponse({ type: OrganisationProfileResponse })
  async current(): Promise<OrganisationProfileResponse> {
    return profileView(await this.organisation.current());
  }

  @Put()
  @Staff('admin')
  @ApiOperation({
    summary:
      'Save the receipt profile as a new version (receipts already issued keep the version they were issued under). 400 codes: validation_failed (legalName, address, taxStatus), representative_required, certification_required, certification_date_invalid (not YYYY-MM-DD, not a real date, or in the future), timezone_invalid',
  })
  @ApiOkResponse({ type: OrganisationProfileResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  async save(@Body() body: OrganisationProfileRequest, @CurrentStaff() staff: StaffPrincipal): Promise<OrganisationProfileResponse> {
    const saved = await this.organisation.save(profileFromRequest(body), staff.id);
    await this.audit.record(staff, 'organisation.profile_saved', { type: 'organisation', id: String(saved.version) }, { taxStatus: saved.taxStatus, legalName: saved.legalName });
    return profileView(saved);
  }
}
