export { createUnitRecord, unitRecordType, UNIT_RECORD_TYPES, type UnitRecordRequest } from './create';
export { CardReader3505 } from './cardReader';
export { CardPunch3525 } from './cardPunch';
export { Printer1403, PRINT_POSITIONS } from './printer';
export { Console3215 } from './console';
export { Carriage, DEFAULT_TAPE, FORM_LINES } from './carriage';
export { isFlushable, type FlushableDevice } from './outputFile';
export { UNIT_RECORD_SENSE0 } from './sense';
