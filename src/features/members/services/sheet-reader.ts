/**
 * The members' import reads its files with the shared spreadsheet reader (platform/sheet-rows.ts); this module
 * keeps the names member-file.ts imports.
 */
export {
  badFile,
  cellDate,
  cellDigits,
  cellText,
  readCsvRows,
  readSheetRows,
  type RawCell,
  type RawRow,
} from '../../../platform/sheet-rows';
