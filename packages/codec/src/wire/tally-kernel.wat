;; The footprint tally's loop (RawDecoder.tally) as WebAssembly. It counts
;; events and their bytes per type byte over a window of the trace that
;; tally-kernel.ts copies into this module's memory, and stops at the first
;; event it does not take, which RawDecoder.next() then reads as Go does.
;;
;; Why WebAssembly: the JavaScript loop (tallyPlain in raw-decoder.ts) spends
;; most of its time on mispredicted branches, one per varint of unforeseen
;; length, and branch-free JavaScript was slower still. Here the eight bytes
;; after the type byte are read as one i64, a multiply gathers their high
;; bits (which bytes end a varint) into one byte, and a table gives the
;; event's size from that byte and the argument count: no branch depends on
;; a varint's length. Arguments longer than eight bytes (a task's or a log's
;; five) take the next eight bytes the same way. On the bench's traces it
;; tallies about twice as fast.
;;
;; It takes only what is simple: an event of at most seven arguments that
;; all end within sixteen bytes, with no varint of ten bytes (which may
;; overflow) and no padded varint (a zero byte after a continuation byte:
;; the footprint counts the minimal size, which next() works out), and whose
;; data trailer, if any, has a plain length of at most four bytes and lies
;; before `end`. Everything else (stacks, padded or long varints, invalid
;; types, the last 64 bytes) it leaves to the caller.
;;
;; Regenerate tally-kernel.gen.ts (`pnpm generate` in packages/codec) after
;; editing; tally-kernel.test.ts holds it to the JavaScript loop.
(module
  (memory (export "memory") 5)

  ;; The layout, exported for tally-kernel.ts: the offsets below are these.
  ;; argument count per type byte; 255 for a type the caller reads itself
  (global (export "argCountAt") i32 (i32.const 0))
  ;; 1 per type byte whose events end with a data trailer
  (global (export "dataAt") i32 (i32.const 256))
  ;; the event's size for (terminator byte << 3 | argument count), 0 if it does not fit
  (global (export "sizeAt") i32 (i32.const 512))
  ;; events per type byte, u32 (the caller adds them up and clears them)
  (global (export "countsAt") i32 (i32.const 2560))
  ;; bytes per type byte, u32
  (global (export "bytesAt") i32 (i32.const 3584))
  ;; where the window of the trace starts; memory ends 64 KiB pages later
  (global (export "inputAt") i32 (i32.const 8192))

  ;; events tallied by the last call
  (global $events (export "events") (mut i32) (i32.const 0))

  ;; Tallies events from p while p < end - 64; returns where it stopped.
  (func (export "tally") (param $p i32) (param $end i32) (result i32)
    (local $safe i32) (local $type i32) (local $argc i32) (local $lo i64) (local $hi i64)
    (local $endsLo i32) (local $endsHi i32) (local $cont i32) (local $zeros i32) (local $args i32) (local $run i32)
    (local $size i32) (local $q i32) (local $n i32) (local $b i32) (local $shift i32) (local $len i32)
    ;; below this, an event's sixteen argument bytes and a trailer's length are all in the window
    (local.set $safe (i32.sub (local.get $end) (i32.const 64)))
    (block $out
      (loop $scan
        (br_if $out (i32.ge_s (local.get $p) (local.get $safe)))
        (local.set $type (i32.load8_u (local.get $p)))
        (local.set $argc (i32.load8_u (local.get $type)))
        ;; 255 (the caller's), or more arguments than the size table has rows for
        (br_if $out (i32.gt_u (local.get $argc) (i32.const 7)))
        ;; "High bits" below gathers the high bit of each byte of a word into eight bits (byte i's to
        ;; bit i): the multiply moves byte i's high bit to bit 56 + i, with no carries between them.
        ;; It is written out each time: V8 does not inline calls between WebAssembly functions.
        ;; Bit i of $endsLo: byte i after the type byte ends a varint (its high bit is clear).
        (local.set $lo (i64.load offset=1 align=1 (local.get $p)))
        (local.set $endsLo (i32.wrap_i64 (i64.shr_u
            (i64.mul
              (i64.and (i64.xor (local.get $lo) (i64.const -1)) (i64.const 0x8080808080808080))
              (i64.const 0x0002040810204081))
            (i64.const 56))))
        ;; 1 + the bytes through the argc-th varint end; 0 if fewer varints end in the eight bytes
        (local.set $size (i32.load8_u offset=512
          (i32.or (i32.shl (local.get $endsLo) (i32.const 3)) (local.get $argc))))
        (if (local.get $size)
          (then
            ;; Within eight bytes, so no varint of ten bytes. A zero byte right after a continuation
            ;; byte is a padded varint (the footprint counts the minimal size, which next() works out).
            ;; Bit i of $zeros: byte i is zero (bit 7 of each byte of ((w & 0x7f..) + 0x7f..) | w is
            ;; set unless the byte is zero).
            (local.set $args (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $size) (i32.const 1))) (i32.const 1)))
            (local.set $zeros (i32.wrap_i64 (i64.shr_u
                (i64.mul
                  (i64.and
                    (i64.xor
                      (i64.or (i64.add (i64.and (local.get $lo) (i64.const 0x7f7f7f7f7f7f7f7f)) (i64.const 0x7f7f7f7f7f7f7f7f))
                        (local.get $lo))
                      (i64.const -1))
                    (i64.const 0x8080808080808080))
                  (i64.const 0x0002040810204081))
                (i64.const 56))))
            (br_if $out (i32.and (i32.and (local.get $args) (local.get $zeros))
              (i32.shl (i32.xor (local.get $endsLo) (i32.const 0xff)) (i32.const 1)))))
          (else
            ;; Arguments past the first eight bytes: the next eight too, with the ends the first
            ;; word did not hold; 0 if fewer varints end in sixteen bytes.
            (local.set $hi (i64.load offset=9 align=1 (local.get $p)))
            (local.set $endsHi (i32.wrap_i64 (i64.shr_u
                (i64.mul
                  (i64.and (i64.xor (local.get $hi) (i64.const -1)) (i64.const 0x8080808080808080))
                  (i64.const 0x0002040810204081))
                (i64.const 56))))
            (local.set $size (i32.load8_u offset=512
              (i32.or (i32.shl (local.get $endsHi) (i32.const 3))
                (i32.and (i32.sub (local.get $argc) (i32.popcnt (local.get $endsLo))) (i32.const 7)))))
            (br_if $out (i32.eqz (local.get $size)))
            (local.set $size (i32.add (local.get $size) (i32.const 8)))
            ;; Over the sixteen bytes (bit i: byte i after the type byte): padded varints as above,
            ;; and nine continuation bytes in a row, a varint of ten bytes or more, which may
            ;; overflow: next() reads both as Go does.
            (local.set $args (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $size) (i32.const 1))) (i32.const 1)))
            (local.set $cont
              (i32.xor (i32.or (local.get $endsLo) (i32.shl (local.get $endsHi) (i32.const 8))) (i32.const 0xffff)))
            (local.set $zeros (i32.or
              (i32.wrap_i64 (i64.shr_u
                (i64.mul
                  (i64.and
                    (i64.xor
                      (i64.or (i64.add (i64.and (local.get $lo) (i64.const 0x7f7f7f7f7f7f7f7f)) (i64.const 0x7f7f7f7f7f7f7f7f))
                        (local.get $lo))
                      (i64.const -1))
                    (i64.const 0x8080808080808080))
                  (i64.const 0x0002040810204081))
                (i64.const 56)))
              (i32.shl (i32.wrap_i64 (i64.shr_u
                  (i64.mul
                    (i64.and
                      (i64.xor
                        (i64.or (i64.add (i64.and (local.get $hi) (i64.const 0x7f7f7f7f7f7f7f7f)) (i64.const 0x7f7f7f7f7f7f7f7f))
                          (local.get $hi))
                        (i64.const -1))
                      (i64.const 0x8080808080808080))
                    (i64.const 0x0002040810204081))
                  (i64.const 56))) (i32.const 8))))
            (br_if $out (i32.and (i32.and (local.get $args) (local.get $zeros))
              (i32.shl (local.get $cont) (i32.const 1))))
            (local.set $run (i32.and (local.get $cont) (i32.shr_u (local.get $cont) (i32.const 1))))
            (local.set $run (i32.and (local.get $run) (i32.shr_u (local.get $run) (i32.const 2))))
            (local.set $run (i32.and (local.get $run) (i32.shr_u (local.get $run) (i32.const 4))))
            (local.set $run (i32.and (local.get $run) (i32.shr_u (local.get $cont) (i32.const 8))))
            (br_if $out (i32.and (local.get $run) (local.get $args)))))
        (local.set $q (i32.add (local.get $p) (local.get $size)))
        (if (i32.load8_u offset=256 (local.get $type))
          (then
            ;; The data trailer: a length of up to four plain bytes, then that many bytes before end.
            (local.set $len (i32.const 0))
            (local.set $shift (i32.const 0))
            (local.set $b (i32.const 0x80))
            (block $lengthRead
              (loop $lengthByte
                (br_if $lengthRead (i32.lt_u (local.get $b) (i32.const 0x80)))
                (br_if $out (i32.eq (local.get $shift) (i32.const 28)))
                (br_if $out (i32.ge_s (local.get $q) (local.get $end)))
                (local.set $b (i32.load8_u (local.get $q)))
                (local.set $q (i32.add (local.get $q) (i32.const 1)))
                (local.set $len (i32.or (local.get $len)
                  (i32.shl (i32.and (local.get $b) (i32.const 0x7f)) (local.get $shift))))
                (local.set $shift (i32.add (local.get $shift) (i32.const 7)))
                (br $lengthByte)))
            ;; a padded length, or data past the window
            (br_if $out (i32.and (i32.gt_u (local.get $shift) (i32.const 7)) (i32.eqz (local.get $b))))
            (br_if $out (i32.gt_s (local.get $len) (i32.sub (local.get $end) (local.get $q))))
            (local.set $q (i32.add (local.get $q) (local.get $len)))))
        (local.set $type (i32.shl (local.get $type) (i32.const 2)))
        (i32.store offset=2560 (local.get $type)
          (i32.add (i32.load offset=2560 (local.get $type)) (i32.const 1)))
        (i32.store offset=3584 (local.get $type)
          (i32.add (i32.load offset=3584 (local.get $type)) (i32.sub (local.get $q) (local.get $p))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $p (local.get $q))
        (br $scan)))
    (global.set $events (local.get $n))
    (local.get $p))
)
