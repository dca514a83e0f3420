/** VM hardware/config editing: read model, validated changes, live operations, guest agent, save/restore. */
export { createHardwareService, HardwareOperations } from './hardware-service';
