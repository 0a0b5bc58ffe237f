/**
 * The vfio-ccw state machine's states and events, numbered as the kernel's enums
 * (drivers/s390/cio/vfio_ccw_private.h: enum vfio_ccw_state, enum vfio_ccw_event).
 */

export const FSM_STATES = ['NOT_OPER', 'STANDBY', 'IDLE', 'CP_PROCESSING', 'CP_PENDING'] as const;
export type FsmState = (typeof FSM_STATES)[number];

export const FSM_EVENTS = ['NOT_OPER', 'IO_REQ', 'INTERRUPT', 'ASYNC_REQ', 'OPEN', 'CLOSE'] as const;
export type FsmEvent = (typeof FSM_EVENTS)[number];

/** The state's number in enum vfio_ccw_state (what EXPECT FSM= compares). */
export function fsmStateNumber(state: FsmState): number {
  return FSM_STATES.indexOf(state);
}
