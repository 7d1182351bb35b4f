import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { DonationsModule } from '../donations/donations.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AltchaAssetsController } from './altcha-assets.controller.js';
import { AssetsController } from './assets.controller.js';
import { PublicPagesController } from './public-pages.controller.js';
import { StaffMailPagesController } from './staff-mail-pages.controller.js';
import { StaffOrganisationPagesController } from './staff-organisation-pages.controller.js';
import { StaffPagesController } from './staff-pages.controller.js';
import { StaffSecurityPagesController } from './staff-security-pages.controller.js';

/** The web pages: the donor's pages, and the staff pages (their scripts call the JSON API). */
@Module({
  imports: [CampaignsModule, DonationsModule, NotificationsModule],
  controllers: [
    PublicPagesController,
    StaffPagesController,
    StaffMailPagesController,
    AssetsController,
    AltchaAssetsController,
    StaffSecurityPagesController,
    StaffOrganisationPagesController,
  ],
})
export class WebModule {}
