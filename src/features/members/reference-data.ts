/**
 * The 54 ethnic groups of Vietnam with their official codes (Danh mục các dân tộc Việt Nam, Quyết định
 * 121-TCTK/PPCĐ of 2/3/1979 of the General Statistics Office, still the national list). Codes are the GSO's, in its
 * order (by population at the time); names are written as the list does today.
 */
export interface EthnicitySeed {
  code: string;
  name: string;
}

export const ETHNICITIES: readonly EthnicitySeed[] = [
  { code: '01', name: 'Kinh' },
  { code: '02', name: 'Tày' },
  { code: '03', name: 'Thái' },
  { code: '04', name: 'Hoa' },
  { code: '05', name: 'Khmer' },
  { code: '06', name: 'Mường' },
  { code: '07', name: 'Nùng' },
  { code: '08', name: "H'Mông" },
  { code: '09', name: 'Dao' },
  { code: '10', name: 'Gia Rai' },
  { code: '11', name: 'Ngái' },
  { code: '12', name: 'Ê Đê' },
  { code: '13', name: 'Ba Na' },
  { code: '14', name: 'Xơ Đăng' },
  { code: '15', name: 'Sán Chay' },
  { code: '16', name: 'Cơ Ho' },
  { code: '17', name: 'Chăm' },
  { code: '18', name: 'Sán Dìu' },
  { code: '19', name: 'Hrê' },
  { code: '20', name: 'Mnông' },
  { code: '21', name: 'Ra Glai' },
  { code: '22', name: 'Xtiêng' },
  { code: '23', name: 'Bru-Vân Kiều' },
  { code: '24', name: 'Thổ' },
  { code: '25', name: 'Giáy' },
  { code: '26', name: 'Cơ Tu' },
  { code: '27', name: 'Gié Triêng' },
  { code: '28', name: 'Mạ' },
  { code: '29', name: 'Khơ Mú' },
  { code: '30', name: 'Co' },
  { code: '31', name: 'Tà Ôi' },
  { code: '32', name: 'Chơ Ro' },
  { code: '33', name: 'Kháng' },
  { code: '34', name: 'Xinh Mun' },
  { code: '35', name: 'Hà Nhì' },
  { code: '36', name: 'Chu Ru' },
  { code: '37', name: 'Lào' },
  { code: '38', name: 'La Chí' },
  { code: '39', name: 'La Ha' },
  { code: '40', name: 'Phù Lá' },
  { code: '41', name: 'La Hủ' },
  { code: '42', name: 'Lự' },
  { code: '43', name: 'Lô Lô' },
  { code: '44', name: 'Chứt' },
  { code: '45', name: 'Mảng' },
  { code: '46', name: 'Pà Thẻn' },
  { code: '47', name: 'Cơ Lao' },
  { code: '48', name: 'Cống' },
  { code: '49', name: 'Bố Y' },
  { code: '50', name: 'Si La' },
  { code: '51', name: 'Pu Péo' },
  { code: '52', name: 'Brâu' },
  { code: '53', name: 'Ơ Đu' },
  { code: '54', name: 'Rơ Măm' },
];

export const ETHNICITY_NAMES: ReadonlyMap<string, string> = new Map(ETHNICITIES.map((e) => [e.code, e.name]));

/**
 * The religions recognised in Vietnam, offered as suggestions; the field stays free text (NFC) because people
 * write denominations in many ways.
 */
export const RELIGION_SUGGESTIONS: readonly string[] = [
  'Không',
  'Phật giáo',
  'Công giáo',
  'Tin lành',
  'Cao Đài',
  'Phật giáo Hòa Hảo',
  'Hồi giáo',
  'Tôn giáo Baha’i',
  'Tịnh độ Cư sĩ Phật hội Việt Nam',
  'Cơ đốc Phục lâm',
  'Phật giáo Tứ Ân Hiếu nghĩa',
  'Minh Sư đạo',
  'Minh Lý đạo – Tam Tông Miếu',
  'Bửu Sơn Kỳ Hương',
  'Bà-la-môn giáo',
  'Các Thánh hữu ngày sau của Chúa Giê-su Ki-tô',
];
