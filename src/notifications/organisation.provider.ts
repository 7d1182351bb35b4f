import type { AppConfig } from '../config/config.schema.js';
import type { Organisation } from './templates/organisation.js';

export function organisationFrom(config: AppConfig): Organisation {
  return { name: config.ORG_NAME, address: config.ORG_ADDRESS, email: config.ORG_EMAIL };
}
