/**
 * Vietnamese words a guesser tries first, written without diacritics, most common first (the order is the rank the
 * strength estimate charges for each). Names are the most common Vietnamese family names, middle names and given
 * names; words are what people here type as a password: the product, the union, love phrases, places.
 */

// prettier-ignore
export const FAMILY_NAMES = [
  'nguyen', 'tran', 'le', 'pham', 'hoang', 'huynh', 'phan', 'vu', 'vo', 'dang', 'bui', 'do', 'ho', 'ngo', 'duong',
  'ly', 'dinh', 'dao', 'doan', 'trinh', 'truong', 'lam', 'mai', 'cao', 'luong', 'ha', 'lu', 'ta', 'trieu', 'luu',
  'chau', 'quach', 'thai', 'ton', 'kieu', 'la', 'tang', 'vuong', 'khuc', 'ka', 'kim', 'giang', 'tong', 'nong', 'lo',
];

// prettier-ignore
export const MIDDLE_NAMES = [
  'thi', 'van', 'duc', 'ngoc', 'thanh', 'minh', 'huu', 'quang', 'cong', 'xuan', 'thu', 'kim', 'hoang', 'bao', 'dinh',
  'gia', 'tuan', 'hong', 'my', 'anh', 'dieu', 'phuong', 'khanh', 'nhat', 'tien', 'viet',
];

// prettier-ignore
export const GIVEN_NAMES = [
  'anh', 'linh', 'huong', 'trang', 'hung', 'tuan', 'dung', 'ha', 'lan', 'hoa', 'nam', 'long', 'hai', 'thao', 'thuy',
  'mai', 'minh', 'hien', 'hang', 'phuong', 'hanh', 'ngoc', 'quan', 'son', 'thanh', 'trung', 'duc', 'hieu', 'huy',
  'khanh', 'hoang', 'vy', 'nhung', 'nga', 'yen', 'loan', 'tam', 'binh', 'cuong', 'dat', 'dong', 'giang', 'hau',
  'hue', 'kien', 'lam', 'loc', 'luan', 'ly', 'my', 'nhi', 'nhu', 'oanh', 'phat', 'phong', 'phuc', 'quang', 'quynh',
  'tai', 'thang', 'thinh', 'thu', 'tien', 'toan', 'tri', 'tu', 'uyen', 'van', 'viet', 'vinh', 'xuan', 'an', 'bao',
  'chau', 'chi', 'diep', 'dieu', 'duyen', 'hao', 'hoai', 'hong', 'khoa', 'khoi', 'le', 'lien', 'lieu', 'luong',
  'mien', 'nguyet', 'nhan', 'ninh', 'quoc', 'sang', 'tham', 'thoa', 'thom', 'tinh', 'trinh', 'truc', 'tuyet', 'vui',
  'cuc', 'dao', 'hop', 'huyen', 'kha', 'liem', 'mo', 'nhan', 'sau', 'suong', 'that', 'thuan', 'thuong', 'tung', 'vu',
];

// prettier-ignore
export const COMMON_WORDS = [
  'matkhau', 'congdoan', 'doanvien', 'yeuem', 'anhyeuem', 'emyeuanh', 'iloveyou', 'yeuanh', 'vietnam', 'hanoi',
  'saigon', 'hochiminh', 'danang', 'haiphong', 'hue', 'lamdong', 'dalat', 'baoloc', 'camon', 'xinchao', 'chaoban',
  'tinhyeu', 'giadinh', 'hanhphuc', 'thanhcong', 'bimat', 'quantri', 'admin', 'laodong', 'ldld', 'tld', 'cdcs',
  'truong', 'benhvien', 'congty', 'matma', 'dangnhap', 'taikhoan', 'muaxuan', 'hoahong', 'bautroi', 'vitinh',
  'maytinh', 'dienthoai', 'tieuhoc', 'thcs', 'thpt', 'daihoc', 'congan', 'quandoi', 'nhanvien', 'giaovien',
  'bacsi', 'ketoan', 'chutich', 'phochutich', 'vanphong', 'sangtao', 'thoigian', 'cuocsong', 'tuoitre', 'quehuong',
  'datnuoc', 'tuquoc', 'dongbang', 'nongthon', 'caphe', 'tra', 'com', 'pho', 'banhmi', 'meomeo',
  'cuncon', 'concho', 'conmeo', 'heocon', 'baby', 'emoi', 'anhoi', 'bame', 'mebe', 'chame', 'ongba', 'conyeu',
];

/** Digits people add: 123456 and its cousins, as a Vietnamese dictionary reads them beside the common list. */
// prettier-ignore
export const COMMON_NUMBERS = [
  '123456', '1234567', '12345678', '123456789', '1234567890', '123123', '112233', '111111', '000000', '666666',
  '888888', '999999', '686868', '868686', '6868', '8686', '3979', '1368', '147258', '147258369', '159357', '0123456789',
];
