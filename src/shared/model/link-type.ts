/** LINKTYPE_* values (tcpdump.org/linktypes.html) that wirelite decodes. Others are kept as raw frames. */
export const LinkType = {
  NULL: 0,
  EN10MB: 1,
  RAW: 101,
  RAW_ALIAS_12: 12, // DLT_RAW on some BSDs / OpenBSD
  RAW_ALIAS_14: 14, // DLT_RAW on some other BSDs
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const
export type LinkTypeValue = (typeof LinkType)[keyof typeof LinkType]
