/**
 * The contacts of the `contacts-search` bench, generated deterministically from their index (any contact can
 * be rebuilt on its own, in any order): names from syllables (so prefixes and typos behave like real names),
 * emails derived from the name, UK phone numbers in E.164, companies, job titles and tags with realistic
 * gaps. Two known contacts open every tenant: the ones the bench searches for.
 */
import type { ContactEmail, ContactPhone } from '../../modules/contacts/src/contacts/contact.entity';
import { displayNameOf } from '../../modules/contacts/src/contacts/display-name';

/** A `contacts` row as `ContactWrites` inserts it (the columns the seed writes; the others keep their defaults). */
export interface SeedContact {
  readonly id: string;
  /** The tenant's index (0-based); the seed maps it to the tenant's id. */
  readonly tenant: number;
  readonly firstName: string | null;
  readonly middleName: string | null;
  readonly lastName: string | null;
  readonly displayName: string;
  readonly company: string | null;
  readonly jobTitle: string | null;
  readonly emails: readonly ContactEmail[];
  readonly phones: readonly ContactPhone[];
  readonly tags: readonly string[];
  readonly createdAt: Date;
}

/** The layout of the seeded data set (part of the seed's fingerprint). */
export interface SeedLayout {
  readonly tenants: number;
  readonly contactsPerTenant: number;
}

/** The contacts every tenant starts with, at positions 0 and 1 (what the bench's queries look for). */
export const KNOWN_CONTACTS = [
  { firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', email: 'ada.lovelace@analytical.example', phone: '+442071838750' },
  { firstName: 'John', lastName: 'Smith', company: 'Acme', email: 'john.smith@acme.example', phone: '+442079460000' },
] as const;

const SYLLABLES = ['an', 'bel', 'car', 'dor', 'el', 'fin', 'gar', 'hal', 'is', 'jon', 'kel', 'lor', 'mar', 'nor', 'ol', 'per', 'quin', 'ros', 'sam', 'tor', 'ul', 'van', 'wil', 'yor', 'zan'];
const COMPANY_FORMS = ['Ltd', 'GmbH', 'Inc', 'LLP', 'Group', 'Partners'];
const JOB_TITLES = ['Sales Manager', 'Account Executive', 'Software Engineer', 'Chief Financial Officer', 'Head of Marketing', 'Office Manager', 'Consultant', 'Procurement Lead'];
const TAGS = ['vip', 'lead', 'customer', 'partner', 'newsletter', 'event-2026'];
// 2026-01-01T00:00:00Z: contact i was created i seconds later (UUIDv7 timestamps follow).
const BASE_MS = Date.UTC(2026, 0, 1);

/** A small PRNG (mulberry32): fast, and seeded per contact so contacts are independent of each other. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const hex = (random: () => number, digits: number) => Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');

/** A UUIDv7 (as `TenantOwnedEntity` assigns) with a given millisecond and deterministic random bits. */
function uuidv7(ms: number, random: () => number): string {
  const time = ms.toString(16).padStart(12, '0');
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(random, 3)}-${variant}${hex(random, 3)}-${hex(random, 12)}`;
}

export const seedTenantSlug = (t: number) => `bench-search-${t}`;

const capital = (word: string) => word[0]!.toUpperCase() + word.slice(1);

/** Contact `i` of the data set (0-based, tenant by tenant). */
export function seedContact(layout: SeedLayout, i: number): SeedContact {
  const tenant = Math.floor(i / layout.contactsPerTenant);
  const position = i % layout.contactsPerTenant;
  const random = prng(i * 2_654_435_761);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const word = () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join('');
  const id = uuidv7(BASE_MS + i * 1_000, random);
  const createdAt = new Date(BASE_MS + i * 1_000);
  const known = KNOWN_CONTACTS[position];
  if (known) {
    const parts = { prefix: null, firstName: known.firstName, middleName: null, lastName: known.lastName, suffix: null, company: known.company, emails: [{ address: known.email }] };
    return {
      id,
      tenant,
      firstName: known.firstName,
      middleName: null,
      lastName: known.lastName,
      displayName: displayNameOf(parts),
      company: known.company,
      jobTitle: null,
      emails: [{ address: known.email, label: null }],
      phones: [{ number: known.phone, label: 'office' }],
      tags: ['vip'],
      createdAt,
    };
  }
  const firstName = capital(word());
  const lastName = capital(word());
  const middleName = random() < 0.1 ? capital(word()) : null;
  const companyWord = capital(word());
  const company = random() < 0.6 ? `${companyWord} ${pick(COMPANY_FORMS)}` : null;
  const emails: ContactEmail[] = [{ address: `${firstName}.${lastName}@${word()}.example`.toLowerCase(), label: null }];
  if (company && random() < 0.3) emails.push({ address: `${firstName[0]}${lastName}@${companyWord}.example`.toLowerCase(), label: 'work' });
  const phones: ContactPhone[] = [];
  if (random() < 0.7) phones.push({ number: `+4420${String(Math.floor(random() * 1e8)).padStart(8, '0')}`, label: null });
  if (random() < 0.2) phones.push({ number: `+447${String(Math.floor(random() * 1e9)).padStart(9, '0')}`, label: 'mobile' });
  const jobTitle = random() < 0.4 ? pick(JOB_TITLES) : null;
  const tags = [...new Set(Array.from({ length: Math.floor(random() * 3) }, () => pick(TAGS)))];
  const displayName = displayNameOf({ prefix: null, firstName, middleName, lastName, suffix: null, company, emails });
  return { id, tenant, firstName, middleName, lastName, displayName, company, jobTitle, emails, phones, tags, createdAt };
}
