// Flag values from libvirt-domain.h / libvirt-host.h that the hardware service passes.

/** virDomainModificationImpact */
export const AFFECT_CURRENT = 0;
export const AFFECT_LIVE = 1;
export const AFFECT_CONFIG = 2;
/** virDomainVcpuFlags: ask for / set the maximum rather than the current count. */
export const VCPU_MAXIMUM = 4;
/** virDomainXMLFlags */
export const XML_SECURE = 1;
export const XML_INACTIVE = 2;
/** virDomainDefineFlags */
export const DEFINE_VALIDATE = 1;
/** virDomainSaveRestoreFlags */
export const SAVE_RUNNING = 2;
export const SAVE_PAUSED = 4;
/** virDomainMetadataType */
export const METADATA_DESCRIPTION = 0;
export const METADATA_TITLE = 1;
/** virDomainInterfaceAddressesSource */
export const IFADDR_SRC_LEASE = 0;
export const IFADDR_SRC_AGENT = 1;
/** virIPAddrType */
export const IP_ADDR_IPV4 = 0;
/** virTypedParameterType */
export const TYPED_PARAM_ULLONG = 4;
