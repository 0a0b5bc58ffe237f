/**
 * The vfio-ccw state machine (drivers/s390/cio/vfio_ccw_fsm.c, vfio_ccw_private.h): states and
 * events in the kernel's numeric order, and the jump table naming the handler for every cell.
 */
import type { FsmEvent, FsmState } from '../arch';

export { FSM_EVENTS, FSM_STATES, fsmStateNumber, type FsmEvent, type FsmState } from '../arch';

export type FsmHandler =
  | 'nop'
  | 'io_error'
  | 'io_busy'
  | 'io_retry'
  | 'io_request'
  | 'async_error'
  | 'async_retry'
  | 'async_request'
  | 'disabled_irq'
  | 'irq'
  | 'notoper'
  | 'open'
  | 'close';

/** vfio_ccw_jumptable[state][event]. */
export const FSM_TABLE: Readonly<Record<FsmState, Readonly<Record<FsmEvent, FsmHandler>>>> = {
  NOT_OPER: { NOT_OPER: 'nop', IO_REQ: 'io_error', INTERRUPT: 'disabled_irq', ASYNC_REQ: 'async_error', OPEN: 'nop', CLOSE: 'nop' },
  STANDBY: { NOT_OPER: 'notoper', IO_REQ: 'io_error', INTERRUPT: 'disabled_irq', ASYNC_REQ: 'async_error', OPEN: 'open', CLOSE: 'notoper' },
  IDLE: { NOT_OPER: 'notoper', IO_REQ: 'io_request', INTERRUPT: 'irq', ASYNC_REQ: 'async_request', OPEN: 'notoper', CLOSE: 'close' },
  CP_PROCESSING: { NOT_OPER: 'notoper', IO_REQ: 'io_retry', INTERRUPT: 'irq', ASYNC_REQ: 'async_retry', OPEN: 'notoper', CLOSE: 'close' },
  CP_PENDING: { NOT_OPER: 'notoper', IO_REQ: 'io_busy', INTERRUPT: 'irq', ASYNC_REQ: 'async_request', OPEN: 'notoper', CLOSE: 'close' },
};
