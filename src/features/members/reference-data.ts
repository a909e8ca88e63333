/**
 * The 54 ethnic groups of Vietnam with their official codes (Danh mục các dân tộc Việt Nam, Quyết định
 * 121-TCTK/PPCĐ of 2/3/1979 of the General Statistics Office, still the national list). Codes are the GSO's, in its
 * order (by population at the time); names are written as the list does today, and in English as the GSO's English
 * publications write them (without diacritics).
 */
export interface EthnicitySeed {
  code: string;
  name: string;
  nameEn: string;
}

export const ETHNICITIES: readonly EthnicitySeed[] = [
  { code: '01', name: 'Kinh', nameEn: 'Kinh' },
  { code: '02', name: 'Tày', nameEn: 'Tay' },
  { code: '03', name: 'Thái', nameEn: 'Thai' },
  { code: '04', name: 'Hoa', nameEn: 'Hoa' },
  { code: '05', name: 'Khmer', nameEn: 'Khmer' },
  { code: '06', name: 'Mường', nameEn: 'Muong' },
  { code: '07', name: 'Nùng', nameEn: 'Nung' },
  { code: '08', name: "H'Mông", nameEn: 'Hmong' },
  { code: '09', name: 'Dao', nameEn: 'Dao' },
  { code: '10', name: 'Gia Rai', nameEn: 'Gia Rai' },
  { code: '11', name: 'Ngái', nameEn: 'Ngai' },
  { code: '12', name: 'Ê Đê', nameEn: 'Ede' },
  { code: '13', name: 'Ba Na', nameEn: 'Ba Na' },
  { code: '14', name: 'Xơ Đăng', nameEn: 'Xo Dang' },
  { code: '15', name: 'Sán Chay', nameEn: 'San Chay' },
  { code: '16', name: 'Cơ Ho', nameEn: 'Co Ho' },
  { code: '17', name: 'Chăm', nameEn: 'Cham' },
  { code: '18', name: 'Sán Dìu', nameEn: 'San Diu' },
  { code: '19', name: 'Hrê', nameEn: 'Hre' },
  { code: '20', name: 'Mnông', nameEn: 'Mnong' },
  { code: '21', name: 'Ra Glai', nameEn: 'Ra Glai' },
  { code: '22', name: 'Xtiêng', nameEn: 'Xtieng' },
  { code: '23', name: 'Bru-Vân Kiều', nameEn: 'Bru-Van Kieu' },
  { code: '24', name: 'Thổ', nameEn: 'Tho' },
  { code: '25', name: 'Giáy', nameEn: 'Giay' },
  { code: '26', name: 'Cơ Tu', nameEn: 'Co Tu' },
  { code: '27', name: 'Gié Triêng', nameEn: 'Gie Trieng' },
  { code: '28', name: 'Mạ', nameEn: 'Ma' },
  { code: '29', name: 'Khơ Mú', nameEn: 'Kho Mu' },
  { code: '30', name: 'Co', nameEn: 'Co' },
  { code: '31', name: 'Tà Ôi', nameEn: 'Ta Oi' },
  { code: '32', name: 'Chơ Ro', nameEn: 'Cho Ro' },
  { code: '33', name: 'Kháng', nameEn: 'Khang' },
  { code: '34', name: 'Xinh Mun', nameEn: 'Xinh Mun' },
  { code: '35', name: 'Hà Nhì', nameEn: 'Ha Nhi' },
  { code: '36', name: 'Chu Ru', nameEn: 'Chu Ru' },
  { code: '37', name: 'Lào', nameEn: 'Lao' },
  { code: '38', name: 'La Chí', nameEn: 'La Chi' },
  { code: '39', name: 'La Ha', nameEn: 'La Ha' },
  { code: '40', name: 'Phù Lá', nameEn: 'Phu La' },
  { code: '41', name: 'La Hủ', nameEn: 'La Hu' },
  { code: '42', name: 'Lự', nameEn: 'Lu' },
  { code: '43', name: 'Lô Lô', nameEn: 'Lo Lo' },
  { code: '44', name: 'Chứt', nameEn: 'Chut' },
  { code: '45', name: 'Mảng', nameEn: 'Mang' },
  { code: '46', name: 'Pà Thẻn', nameEn: 'Pa Then' },
  { code: '47', name: 'Cơ Lao', nameEn: 'Co Lao' },
  { code: '48', name: 'Cống', nameEn: 'Cong' },
  { code: '49', name: 'Bố Y', nameEn: 'Bo Y' },
  { code: '50', name: 'Si La', nameEn: 'Si La' },
  { code: '51', name: 'Pu Péo', nameEn: 'Pu Peo' },
  { code: '52', name: 'Brâu', nameEn: 'Brau' },
  { code: '53', name: 'Ơ Đu', nameEn: 'O Du' },
  { code: '54', name: 'Rơ Măm', nameEn: 'Ro Mam' },
];

export const ETHNICITY_NAMES: ReadonlyMap<string, string> = new Map(ETHNICITIES.map((e) => [e.code, e.name]));

export const ETHNICITY_NAMES_EN: ReadonlyMap<string, string> = new Map(
  ETHNICITIES.map((e) => [e.code, e.nameEn]),
);

/** A value people commonly write in a free-text field of a person, and how English mode shows it. */
export interface ListedValue {
  name: string;
  nameEn: string;
}

/**
 * The religions recognised in Vietnam, offered as suggestions; the field stays free text (NFC) because people
 * write denominations in many ways.
 */
export const RELIGIONS: readonly ListedValue[] = [
  { name: 'Không', nameEn: 'None' },
  { name: 'Phật giáo', nameEn: 'Buddhism' },
  { name: 'Công giáo', nameEn: 'Catholicism' },
  { name: 'Tin lành', nameEn: 'Protestantism' },
  { name: 'Cao Đài', nameEn: 'Cao Dai' },
  { name: 'Phật giáo Hòa Hảo', nameEn: 'Hoa Hao Buddhism' },
  { name: 'Hồi giáo', nameEn: 'Islam' },
  { name: 'Tôn giáo Baha’i', nameEn: 'Baha’i Faith' },
  { name: 'Tịnh độ Cư sĩ Phật hội Việt Nam', nameEn: 'Pure Land Buddhist Home Practice of Vietnam' },
  { name: 'Cơ đốc Phục lâm', nameEn: 'Seventh-day Adventism' },
  { name: 'Phật giáo Tứ Ân Hiếu nghĩa', nameEn: 'Tu An Hieu Nghia Buddhism' },
  { name: 'Minh Sư đạo', nameEn: 'Minh Su Dao' },
  { name: 'Minh Lý đạo – Tam Tông Miếu', nameEn: 'Minh Ly Dao – Tam Tong Mieu' },
  { name: 'Bửu Sơn Kỳ Hương', nameEn: 'Buu Son Ky Huong' },
  { name: 'Bà-la-môn giáo', nameEn: 'Brahmanism' },
  {
    name: 'Các Thánh hữu ngày sau của Chúa Giê-su Ki-tô',
    nameEn: 'The Church of Jesus Christ of Latter-day Saints',
  },
];

export const RELIGION_SUGGESTIONS: readonly string[] = RELIGIONS.map((r) => r.name);

/** Levels of education as member records write them (general education as "9/12", "12/12"; then the degrees). */
export const EDUCATION_LEVELS: readonly ListedValue[] = [
  { name: '9/12', nameEn: 'Grade 9 of 12' },
  { name: '12/12', nameEn: 'Grade 12 of 12' },
  { name: 'Sơ cấp', nameEn: 'Elementary vocational' },
  { name: 'Trung cấp', nameEn: 'Intermediate vocational' },
  { name: 'Cao đẳng', nameEn: 'College' },
  { name: 'Đại học', nameEn: 'University' },
  { name: 'Thạc sĩ', nameEn: 'Master’s degree' },
  { name: 'Tiến sĩ', nameEn: 'Doctorate' },
];

/** Occupations common among members: schools, health stations, communes and agencies, enterprises. */
export const OCCUPATIONS: readonly ListedValue[] = [
  { name: 'Giáo viên', nameEn: 'Teacher' },
  { name: 'Cán bộ quản lý', nameEn: 'Manager' },
  { name: 'Nhân viên văn phòng', nameEn: 'Office worker' },
  { name: 'Nhân viên hành chính', nameEn: 'Administrative staff' },
  { name: 'Nhân viên', nameEn: 'Employee' },
  { name: 'Kế toán', nameEn: 'Accountant' },
  { name: 'Bác sĩ', nameEn: 'Doctor' },
  { name: 'Y sĩ', nameEn: 'Assistant doctor' },
  { name: 'Điều dưỡng', nameEn: 'Nurse' },
  { name: 'Nữ hộ sinh', nameEn: 'Midwife' },
  { name: 'Dược sĩ', nameEn: 'Pharmacist' },
  { name: 'Kỹ thuật viên', nameEn: 'Technician' },
  { name: 'Công chức', nameEn: 'Civil servant' },
  { name: 'Công chức địa chính', nameEn: 'Civil servant (land administration)' },
  { name: 'Công chức tư pháp - hộ tịch', nameEn: 'Civil servant (justice and civil status)' },
  { name: 'Công chức văn hóa - xã hội', nameEn: 'Civil servant (culture and society)' },
  { name: 'Viên chức', nameEn: 'Public employee' },
  { name: 'Chuyên viên', nameEn: 'Specialist' },
  { name: 'Công nhân', nameEn: 'Worker' },
  { name: 'Kỹ sư', nameEn: 'Engineer' },
  { name: 'Lái xe', nameEn: 'Driver' },
  { name: 'Tổ trưởng sản xuất', nameEn: 'Production team leader' },
];

/** Positions in the union a member may hold. */
export const UNION_POSITIONS: readonly ListedValue[] = [
  { name: 'Chủ tịch CĐCS', nameEn: 'Chair of the grassroots union' },
  { name: 'Phó Chủ tịch CĐCS', nameEn: 'Vice-chair of the grassroots union' },
  { name: 'Ủy viên Ban Thường vụ', nameEn: 'Standing committee member' },
  { name: 'Ủy viên Ban Chấp hành', nameEn: 'Executive committee member' },
  { name: 'Ủy viên Ủy ban Kiểm tra', nameEn: 'Inspection committee member' },
  { name: 'Tổ trưởng công đoàn', nameEn: 'Union group leader' },
  { name: 'Tổ phó công đoàn', nameEn: 'Deputy union group leader' },
];
