meta:
  id: alloc_free
  title: Payload of the AllocFree experiment's batches (GODEBUG=traceallocfree=1)
  license: MIT
  ks-version: "0.11"
  endian: le
  imports:
    - common/uvarint
  -go-source: src/runtime/traceallocfree.go, src/runtime/tracetype.go (Go 1.23 to 1.27; unchanged)
  -go-experiment-id: 1
  -go-experiment-name: AllocFree
doc: |
  The data of an ExperimentalBatch whose experiment is AllocFree. Its first
  byte says what it holds: the info batch, written once at the start of the
  trace, or a chunk of the generation's type table. The events themselves
  (Span, HeapObject, GoroutineStack and their Alloc/Free forms) travel in
  ordinary event batches.

  Ids in the events map to addresses through the info batch:
  span address = min_page_heap_addr + id * page_size,
  object address = min_page_heap_addr + id * min_heap_align,
  stack address = min_page_heap_addr + id * fixed_stack.
seq:
  - id: kind
    type: u1
    enum: batch_kind
  - id: body
    type:
      switch-on: kind
      cases:
        batch_kind::info: info
        batch_kind::types: types
types:
  info:
    doc: Heap layout constants, written once before the start-of-trace heap snapshot.
    seq:
      - id: min_page_heap_addr
        type: uvarint
        doc: Lowest address of the heap arena; ids count from here.
      - id: page_size
        type: uvarint
        doc: Runtime page size in bytes (8192 on most platforms); unit of span ids.
      - id: min_heap_align
        type: uvarint
        doc: Smallest heap object alignment (8); unit of heap object ids.
      - id: fixed_stack
        type: uvarint
        doc: Smallest goroutine stack size (2048 on Linux); unit of stack ids.
  types:
    doc: |
      Part of the generation's type table, written at the generation's end.
      Type ids are only meaningful within their generation; the type's
      address in the binary is stable across generations.
    seq:
      - id: entries
        type: type_entry
        repeat: eos
  type_entry:
    doc: One type of the generation's type table (a HeapObject event's type id maps to it).
    seq:
      - id: id
        type: uvarint
        doc: The id HeapObject events use in this generation (0 means unknown).
      - id: address
        type: uvarint
        doc: Address of the runtime type descriptor (*abi.Type).
      - id: size
        type: uvarint
        doc: Size of one value of the type in bytes.
      - id: ptr_bytes
        type: uvarint
        doc: Length of the prefix of a value that can hold pointers.
      - id: len_name
        type: uvarint
      - id: name
        type: str
        size: len_name.value
        encoding: UTF-8
        doc: The type's name as reflect prints it, e.g. "*main.node".
enums:
  batch_kind:
    0: types
    1: info
