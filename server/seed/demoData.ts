// Demo agencies and accounts seeded on an empty database (CONTRACT.md §1): a believable
// province for the procedures in procedures/. One province with two districts and three
// communes; the city (district level) holds the agencies an inter-agency procedure hops
// through — commune → district land registration branch → district tax office — and the
// province holds the Department of Justice and the provincial police for the judicial
// record certificate. The second district lets `@parent` and `kind:` selectors choose.
// Codes follow Decision 20/2020/QĐ-TTg: `<lvl4>.<lvl3>.<lvl2>.<province>`, so a unit
// under the city `000.00.23.H40` is `000.NN.23.H40`, and a provincial department sits at
// level 2 beside the districts (`000.00.NN.H40`).
// The README's "Demo accounts" table lists these accounts; keep the two in step.
import type { NewAgency } from '../store/index.js';

export const PROVINCE = '000.00.00.H40';
export const CITY = '000.00.23.H40';
export const CITY_TAX = '000.51.23.H40';
export const CITY_LAND = '000.52.23.H40';
export const COMMUNE = '000.01.23.H40';
export const SECOND_COMMUNE = '000.02.23.H40';
export const SECOND_DISTRICT = '000.00.25.H40';
export const SECOND_DISTRICT_COMMUNE = '000.01.25.H40';
/** Sở Tư pháp: issues judicial record certificates (Law 28/2009/QH12 art. 44). */
export const PROVINCE_JUSTICE = '000.00.12.H40';
/** Công an tỉnh: verifies criminal records for the Department of Justice. */
export const PROVINCE_POLICE = '000.00.04.H40';

/** Parents before children: the foreign key wants them in this order. */
export const DEMO_AGENCIES: readonly NewAgency[] = [
  { code: PROVINCE, name: 'UBND tỉnh Kon Tum', nameEn: 'Kon Tum Provincial People’s Committee', level: 'province', kind: 'people-committee' },
  { code: CITY, name: 'UBND thành phố Kon Tum', nameEn: 'Kon Tum City People’s Committee', level: 'district', kind: 'people-committee', parentCode: PROVINCE },
  { code: CITY_TAX, name: 'Chi cục Thuế thành phố Kon Tum', nameEn: 'Kon Tum City Tax Sub-department', level: 'district', kind: 'tax', parentCode: CITY },
  {
    code: CITY_LAND,
    name: 'Chi nhánh Văn phòng đăng ký đất đai thành phố Kon Tum',
    nameEn: 'Kon Tum City Land Registration Branch',
    level: 'district',
    kind: 'land-office',
    parentCode: CITY,
  },
  { code: COMMUNE, name: 'UBND phường Quyết Thắng', nameEn: 'Quyet Thang Ward People’s Committee', level: 'commune', kind: 'people-committee', parentCode: CITY },
  { code: SECOND_COMMUNE, name: 'UBND xã Đăk Cấm', nameEn: 'Dak Cam Commune People’s Committee', level: 'commune', kind: 'people-committee', parentCode: CITY },
  { code: SECOND_DISTRICT, name: 'UBND huyện Đăk Hà', nameEn: 'Dak Ha District People’s Committee', level: 'district', kind: 'people-committee', parentCode: PROVINCE },
  {
    code: SECOND_DISTRICT_COMMUNE,
    name: 'UBND thị trấn Đăk Hà',
    nameEn: 'Dak Ha Town People’s Committee',
    level: 'commune',
    kind: 'people-committee',
    parentCode: SECOND_DISTRICT,
  },
  { code: PROVINCE_JUSTICE, name: 'Sở Tư pháp tỉnh Kon Tum', nameEn: 'Kon Tum Department of Justice', level: 'province', kind: 'justice', parentCode: PROVINCE },
  { code: PROVINCE_POLICE, name: 'Công an tỉnh Kon Tum', nameEn: 'Kon Tum Provincial Police', level: 'province', kind: 'police', parentCode: PROVINCE },
];

/**
 * Production (NODE_ENV=production) seeds no demo agency: `admin` is created in this one
 * placeholder agency, which the admin may rename or leave once the real tree exists
 * (PATCH /users/admin {agencyCode}).
 */
export const PRODUCTION_ADMIN_AGENCY: NewAgency = {
  code: 'quan-tri',
  name: 'Quản trị hệ thống',
  nameEn: 'System administration',
  level: 'province',
};

export const ADMIN_USERNAME = 'admin';
/** Used when MOTCUA_ADMIN_PASSWORD is not set; documented in the README. */
export const DEFAULT_ADMIN_PASSWORD = 'motcua-admin';
/** Every demo account below has this password. */
export const DEMO_PASSWORD = 'demo123';

export interface DemoUser {
  username: string;
  fullName: string;
  agencyCode: string;
  roles: string[];
}

export const ADMIN_USER: DemoUser = {
  username: ADMIN_USERNAME,
  fullName: 'Quản trị hệ thống',
  agencyCode: PROVINCE,
  roles: ['admin'],
};

export const DEMO_ROLES = ['reception', 'specialist', 'head', 'leader', 'return', 'manager'] as const;

/**
 * Username prefix → agency, and a person per role so the inbox reads like an office:
 * one account per role in every agency that acts in a procedure (the province itself
 * acts in none; its departments do).
 */
const OFFICES: ReadonlyArray<{ prefix: string; agencyCode: string; people: Record<(typeof DEMO_ROLES)[number], string> }> = [
  {
    prefix: 'commune',
    agencyCode: COMMUNE,
    people: {
      reception: 'Nguyễn Thị Lan',
      specialist: 'Trần Văn Hùng',
      head: 'Lê Thị Mai',
      leader: 'Phạm Văn Đức',
      return: 'Hoàng Thị Hoa',
      manager: 'Võ Văn Nam',
    },
  },
  {
    prefix: 'district',
    agencyCode: CITY,
    people: {
      reception: 'Đặng Thị Thu',
      specialist: 'Bùi Văn Long',
      head: 'Đỗ Thị Hằng',
      leader: 'Ngô Văn Thành',
      return: 'Dương Thị Yến',
      manager: 'Lý Văn Phúc',
    },
  },
  {
    prefix: 'tax',
    agencyCode: CITY_TAX,
    people: {
      reception: 'Phan Thị Ngọc',
      specialist: 'Vũ Văn Tài',
      head: 'Đinh Thị Hương',
      leader: 'Trịnh Văn Quang',
      return: 'Mai Thị Loan',
      manager: 'Tô Văn Khánh',
    },
  },
  {
    prefix: 'land',
    agencyCode: CITY_LAND,
    people: {
      reception: 'Hồ Thị Nhung',
      specialist: 'Cao Văn Sơn',
      head: 'Lương Thị Vân',
      leader: 'Tạ Văn Minh',
      return: 'Kiều Thị Trang',
      manager: 'La Văn Bình',
    },
  },
  {
    prefix: 'commune2',
    agencyCode: SECOND_COMMUNE,
    people: {
      reception: 'Y Hơn',
      specialist: 'A Blong',
      head: 'Nguyễn Thị Hạnh',
      leader: 'A Thuần',
      return: 'Y Linh',
      manager: 'Trần Văn Kiên',
    },
  },
  {
    prefix: 'district2',
    agencyCode: SECOND_DISTRICT,
    people: {
      reception: 'Lê Thị Phương',
      specialist: 'Phạm Văn Toàn',
      head: 'Vũ Thị Thảo',
      leader: 'Hoàng Văn Sáng',
      return: 'Đoàn Thị Nga',
      manager: 'Nguyễn Văn Hiếu',
    },
  },
  {
    prefix: 'commune3',
    agencyCode: SECOND_DISTRICT_COMMUNE,
    people: {
      reception: 'Trương Thị Hoài',
      specialist: 'Lê Văn Khoa',
      head: 'Phan Thị Diệu',
      leader: 'Đinh Văn Hoà',
      return: 'Hà Thị Nhàn',
      manager: 'Bùi Văn Lộc',
    },
  },
  {
    prefix: 'justice',
    agencyCode: PROVINCE_JUSTICE,
    people: {
      reception: 'Nguyễn Thị Thanh',
      specialist: 'Trần Minh Tuấn',
      head: 'Lê Thị Bích',
      leader: 'Võ Đình Trung',
      return: 'Phạm Thị Xuân',
      manager: 'Đặng Văn Hải',
    },
  },
  {
    prefix: 'police',
    agencyCode: PROVINCE_POLICE,
    people: {
      reception: 'Hoàng Thị Dung',
      specialist: 'Nguyễn Văn Cường',
      head: 'Trịnh Thị Lan',
      leader: 'Lê Quang Vinh',
      return: 'Đỗ Thị Hồng',
      manager: 'Mai Văn Dũng',
    },
  },
];

/** `commune.reception`, `district.head`, `tax.specialist`, `justice.leader`, `police.specialist` …, password DEMO_PASSWORD. */
export const DEMO_USERS: readonly DemoUser[] = OFFICES.flatMap((office) =>
  DEMO_ROLES.map((role) => ({
    username: `${office.prefix}.${role}`,
    fullName: office.people[role],
    agencyCode: office.agencyCode,
    roles: [role],
  })),
);
