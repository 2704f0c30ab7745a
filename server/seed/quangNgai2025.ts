// The demo province after the reform of 1 July 2025 (two-tier local government, DOMAIN.md):
// Quảng Ngãi, into which Kon Tum was merged (Resolution 202/2025/QH15), seeded by `npm start`
// on an empty database. No district level: the provincial People's Committee holds the
// provincial Public Administration Service Center, the departments, the vertical agencies
// posted in the province and the communes and wards themselves. The README's "Demo
// accounts" table lists these agencies and accounts; keep the two in step.
//
// WHAT IS VERIFIED, WHAT IS INFERRED
// - Verified: Kon Tum merged into Quảng Ngãi from 1 July 2025; its communes were rearranged by
//   Resolution 1677/NQ-UBTVQH15 of 16 June 2025 into 96 units (86 xã, 9 phường, 1 đặc khu).
//   The five units below (phường Cẩm Thành, phường Nghĩa Lộ, phường Kon Tum, phường Đăk Cấm,
//   xã Đăk Hà) appear in two independent public lists of the post-2025 units of Quảng Ngãi;
//   Cẩm Thành was formed from wards of the former Quảng Ngãi city (Trần Hưng Đạo, Nguyễn
//   Nghiêm, Chánh Lộ, Nghĩa Chánh — from the province's proposal as reported in the press).
// - Inferred: the identifier letter field `H48`. Decision 20/2020/QĐ-TTg codes are
//   `<lvl4>.<lvl3>.<lvl2>.<lvl1>`; the provincial letter codes run in alphabetical order of
//   the 63 former provinces, which Quảng Ninh = H49 (its Decision 3739/QĐ-UBND of 2016) and
//   Thái Nguyên = H55 (the procedure codes on its public service portal) bear out, so Quảng
//   Ngãi, just before Quảng Ninh, is taken as H48 — not seen on a Quảng Ngãi document. The
//   level-2 and level-3 numbers of each unit are ours (the province publishes its own list).
//   Replace them with the province's published codes before real use.
// - Inferred: the names of the land registration branch and of the grassroots tax office
//   (Thuế cơ sở; Thuế tỉnh replaced the provincial tax department on 1 July 2025), and which
//   communes they serve; the people are invented.
//
// WHY THE BRANCH AND THE THUẾ CƠ SỞ HANG FROM THE PROVINCE
// `kind:<kind>` in a procedure finds the agency of that kind nearest to the competent commune:
// the commune itself, below it, its siblings, then up the tree (engine/dossier/agencies.ts).
// A commune's siblings are the province's other direct units, so the land registration
// branch and the Thuế cơ sở sit there, beside the communes they serve; their line parents
// (Sở Nông nghiệp và Môi trường → Văn phòng đăng ký đất đai; Thuế tỉnh) are in the tree too,
// and the branch's code is the office's (`001.01.20.H48` = unit 001 of unit 01 of department
// 20). Which branch serves which commune is not modelled: with one branch and one Thuế cơ
// sở in the demo, every commune hands land dossiers to them; a clerk can transfer by hand.
import type { NewAgency } from '../store/index.js';
import type { DemoUser } from './demoData.js';

export const QN_PROVINCE = '000.00.00.H48';
/** Trung tâm Phục vụ hành chính công tỉnh: receives any procedure of the province (Decree 118/2025). */
export const QN_CENTER = '000.00.01.H48';
export const QN_POLICE = '000.00.04.H48';
export const QN_JUSTICE = '000.00.12.H48';
export const QN_CONSTRUCTION = '000.00.15.H48';
export const QN_AGRI_ENV = '000.00.20.H48';
export const QN_LAND_REGISTRY = '000.01.20.H48';
export const QN_LAND_BRANCH = '001.01.20.H48';
export const QN_TAX = '000.00.51.H48';
export const QN_TAX_LOCAL = '000.01.51.H48';
export const QN_CAM_THANH = '000.00.31.H48';
export const QN_NGHIA_LO = '000.00.32.H48';
export const QN_KON_TUM = '000.00.33.H48';
export const QN_DAK_CAM = '000.00.34.H48';
export const QN_DAK_HA = '000.00.35.H48';

/** The communes and wards of the demo, each with its own one-stop center (one agency: the People's Committee). */
export const QN_COMMUNES = [QN_CAM_THANH, QN_NGHIA_LO, QN_KON_TUM, QN_DAK_CAM, QN_DAK_HA] as const;

const commune = (code: string, name: string, nameEn: string): NewAgency => ({
  code,
  name,
  nameEn,
  level: 'commune',
  kind: 'people-committee',
  parentCode: QN_PROVINCE,
});

/** Parents before children: the foreign key wants them in this order. */
export const QN_AGENCIES: readonly NewAgency[] = [
  { code: QN_PROVINCE, name: 'UBND tỉnh Quảng Ngãi', nameEn: 'Quang Ngai Provincial People’s Committee', level: 'province', kind: 'people-committee' },
  {
    code: QN_CENTER,
    name: 'Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi',
    nameEn: 'Quang Ngai Public Administration Service Center',
    level: 'province',
    kind: 'service-center',
    parentCode: QN_PROVINCE,
  },
  { code: QN_POLICE, name: 'Công an tỉnh Quảng Ngãi', nameEn: 'Quang Ngai Provincial Police', level: 'province', kind: 'police', parentCode: QN_PROVINCE },
  { code: QN_JUSTICE, name: 'Sở Tư pháp tỉnh Quảng Ngãi', nameEn: 'Quang Ngai Department of Justice', level: 'province', kind: 'justice', parentCode: QN_PROVINCE },
  {
    code: QN_CONSTRUCTION,
    name: 'Sở Xây dựng tỉnh Quảng Ngãi',
    nameEn: 'Quang Ngai Department of Construction',
    level: 'province',
    kind: 'construction',
    parentCode: QN_PROVINCE,
  },
  {
    code: QN_AGRI_ENV,
    name: 'Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi',
    nameEn: 'Quang Ngai Department of Agriculture and Environment',
    level: 'province',
    kind: 'agriculture-environment',
    parentCode: QN_PROVINCE,
  },
  {
    code: QN_LAND_REGISTRY,
    name: 'Văn phòng Đăng ký đất đai tỉnh Quảng Ngãi',
    nameEn: 'Quang Ngai Land Registration Office',
    level: 'province',
    kind: 'land-registry',
    parentCode: QN_AGRI_ENV,
  },
  {
    code: QN_LAND_BRANCH,
    name: 'Chi nhánh Văn phòng Đăng ký đất đai tỉnh Quảng Ngãi – khu vực 1',
    nameEn: 'Quang Ngai Land Registration Office, area branch 1',
    level: 'province',
    kind: 'land-office',
    parentCode: QN_PROVINCE,
  },
  { code: QN_TAX, name: 'Thuế tỉnh Quảng Ngãi', nameEn: 'Quang Ngai Provincial Tax Office', level: 'province', kind: 'tax-province', parentCode: QN_PROVINCE },
  { code: QN_TAX_LOCAL, name: 'Thuế cơ sở 1 tỉnh Quảng Ngãi', nameEn: 'Quang Ngai Grassroots Tax Office 1', level: 'province', kind: 'tax', parentCode: QN_PROVINCE },
  commune(QN_CAM_THANH, 'UBND phường Cẩm Thành', 'Cam Thanh Ward People’s Committee'),
  commune(QN_NGHIA_LO, 'UBND phường Nghĩa Lộ', 'Nghia Lo Ward People’s Committee'),
  commune(QN_KON_TUM, 'UBND phường Kon Tum', 'Kon Tum Ward People’s Committee'),
  commune(QN_DAK_CAM, 'UBND phường Đăk Cấm', 'Dak Cam Ward People’s Committee'),
  commune(QN_DAK_HA, 'UBND xã Đăk Hà', 'Dak Ha Commune People’s Committee'),
];

export const QN_ADMIN: DemoUser = { username: 'admin', fullName: 'Quản trị hệ thống', agencyCode: QN_PROVINCE, roles: ['admin'] };

type Role = 'reception' | 'specialist' | 'head' | 'leader' | 'return' | 'manager';

/**
 * Username prefix → agency, a person per role where the agency acts. The provincial center
 * only receives, returns and watches (the steps run at the competent agency); the
 * departments and Thuế tỉnh act in no shipped procedure and have no accounts.
 */
const OFFICES: ReadonlyArray<{ prefix: string; agencyCode: string; people: Partial<Record<Role, string>> }> = [
  { prefix: 'trungtam', agencyCode: QN_CENTER, people: { reception: 'Trần Thị Thu Hà', return: 'Lê Văn Tâm', manager: 'Nguyễn Văn Quý' } },
  {
    prefix: 'camthanh',
    agencyCode: QN_CAM_THANH,
    people: { reception: 'Phạm Thị Hồng', specialist: 'Nguyễn Minh Trí', head: 'Võ Thị Kim Oanh', leader: 'Huỳnh Văn Sơn', return: 'Đỗ Thị Mỹ', manager: 'Trương Văn Lực' },
  },
  {
    prefix: 'nghialo',
    agencyCode: QN_NGHIA_LO,
    people: { reception: 'Lê Thị Bích Ngọc', specialist: 'Phan Văn Hải', head: 'Nguyễn Thị Xuân', leader: 'Trần Quốc Việt', return: 'Bùi Thị Sen', manager: 'Đặng Văn Bảo' },
  },
  {
    prefix: 'kontum',
    agencyCode: QN_KON_TUM,
    people: { reception: 'Nguyễn Thị Lan', specialist: 'Trần Văn Hùng', head: 'Lê Thị Mai', leader: 'Phạm Văn Đức', return: 'Hoàng Thị Hoa', manager: 'Võ Văn Nam' },
  },
  {
    prefix: 'dakcam',
    agencyCode: QN_DAK_CAM,
    people: { reception: 'Y Hơn', specialist: 'A Blong', head: 'Nguyễn Thị Hạnh', leader: 'A Thuần', return: 'Y Linh', manager: 'Trần Văn Kiên' },
  },
  {
    prefix: 'dakha',
    agencyCode: QN_DAK_HA,
    people: { reception: 'Trương Thị Hoài', specialist: 'Lê Văn Khoa', head: 'Phan Thị Diệu', leader: 'Đinh Văn Hoà', return: 'Hà Thị Nhàn', manager: 'Bùi Văn Lộc' },
  },
  {
    prefix: 'congan',
    agencyCode: QN_POLICE,
    people: { reception: 'Hoàng Thị Dung', specialist: 'Nguyễn Văn Cường', head: 'Trịnh Thị Lan', leader: 'Lê Quang Vinh', return: 'Đỗ Thị Hồng', manager: 'Mai Văn Dũng' },
  },
  {
    prefix: 'datdai',
    agencyCode: QN_LAND_BRANCH,
    people: { reception: 'Hồ Thị Nhung', specialist: 'Cao Văn Sơn', head: 'Lương Thị Vân', leader: 'Tạ Văn Minh', return: 'Kiều Thị Trang', manager: 'La Văn Bình' },
  },
  {
    prefix: 'thue',
    agencyCode: QN_TAX_LOCAL,
    people: { reception: 'Phan Thị Ngọc', specialist: 'Vũ Văn Tài', head: 'Đinh Thị Hương', leader: 'Trịnh Văn Quang', return: 'Mai Thị Loan', manager: 'Tô Văn Khánh' },
  },
];

const ROLE_ORDER: readonly Role[] = ['reception', 'specialist', 'head', 'leader', 'return', 'manager'];

/** `camthanh.reception`, `kontum.specialist`, `congan.leader`, `trungtam.return` …, password DEMO_PASSWORD. */
export const QN_USERS: readonly DemoUser[] = OFFICES.flatMap((office) =>
  ROLE_ORDER.filter((role) => office.people[role] !== undefined).map((role) => ({
    username: `${office.prefix}.${role}`,
    fullName: office.people[role]!,
    agencyCode: office.agencyCode,
    roles: [role],
  })),
);
