meta:
  id: uvarint
  title: Unsigned LEB128 varint, up to 10 bytes (Go's encoding/binary Uvarint)
  license: MIT
  ks-version: "0.11"
  -go-source: src/encoding/binary/varint.go
doc: |
  A little-endian base-128 unsigned integer: seven value bits per byte,
  the high bit set on every byte but the last. Go reads at most 10 bytes;
  when the 10th byte is reached it must be the last one and must be 0 or 1,
  otherwise the value overflows 64 bits. Encodings with extra zero groups
  (the runtime pads batch sizes to 10 bytes) are valid.

  Unlike kaitai_struct_formats' common/vlq_base128_le, which stops at 8
  bytes, this keeps every group, so a reader can rebuild all 64 bits
  exactly: `value` is exact only up to 2^53 in JavaScript, `groups` always.
-go-max-len: 10
seq:
  - id: groups
    type: group
    repeat: until
    repeat-until: not _.has_next
  - id: overflow_check
    size: 0
    valid:
      expr: len < 10 or (len == 10 and groups[9].b <= 1)
    doc: Go's binary.Uvarint fails on an 11th byte, or on a 10th byte above 1.
instances:
  len:
    value: groups.size
  value:
    value: >-
      groups[0].value
      + (len >= 2 ? groups[1].value << 7 : 0)
      + (len >= 3 ? groups[2].value << 14 : 0)
      + (len >= 4 ? groups[3].value << 21 : 0)
      + (len >= 5 ? groups[4].value * 0x10000000 : 0)
      + (len >= 6 ? groups[5].value * 0x800000000 : 0)
      + (len >= 7 ? groups[6].value * 0x40000000000 : 0)
      + (len >= 8 ? groups[7].value * 0x2000000000000 : 0)
    doc: The value, exact below 2^53 (rebuild larger values from `groups`).
types:
  group:
    seq:
      - id: b
        type: u1
    instances:
      has_next:
        value: (b & 0x80) != 0
      value:
        value: b & 0x7f
