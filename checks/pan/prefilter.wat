;; Card-data prefilter: finds, 32 bytes at a time with SIMD, the few positions where the detector
;; (detector.ts) could start a hit, so JavaScript never walks the other bytes one by one.
;;
;; Source of checks/pan/prefilter-wasm.ts (regenerate: `npm run build:wasm`). The same rules, one
;; position at a time, are `candidatesReference` in prefilter.ts; a test holds the two equal.
;;
;; Memory: candidates are written at `out` (8 bytes each), the input at `in`, [0, len); the caller
;; pads 64 bytes of 0xFF after the input (no rule matches 0xFF), so loads never need a bounds check.
;;
;; How: each pass loads 32 bytes and shifts their masks (digit, NUL, space-or-dash, newline, EMV
;; opening) into 64-bit histories, so a rule is a few shifts and ANDs: bit j holds the byte 32 - j
;; before the end of the loaded bytes, bits 16-47 are the 32 positions judged in this pass, with 16
;; bytes behind them (rules look back 4) and 16 ahead (rules look ahead up to 16). EMV openings need
;; bytes +1..+3, read by unaligned loads instead. A position i in [from, to) is a candidate when:
;;   digit (kind 1):
;;     ASCII   no digit at i-1, and 13 digits from i (12 with Maestro), unless the run starts with
;;             0, 1, 7 or 9, is at most 16 digits long, and is followed by something other than
;;             '=', 'D', '^' or NUL (no brand, no track data: timestamps);
;;             or 4 digits, a space or dash, 4 digits (a grouped card: 4-4-4-4, 4-6-5, 4-6-4)
;;     UTF-16  not after another digit NUL: 8 digits (each but the last followed by a NUL), or
;;             4 such digits, a space or dash and its NUL, 4 digits (the grouped card, wide)
;;     UTF-32  digit NUL NUL NUL digit, not after another digit NUL NUL NUL
;;   EMV (kind 2):
;;     hex text "57" / "5A" / "5a", an optional space, then "0" or "1" (the TLV length)
;;     binary   0x57 / 0x5A, a length byte of 6-19, a byte below 0xA0 (BCD digits first)
;; Each candidate also carries the newlines in [from, i), so hits get line numbers for free.
(module
  (memory (export "memory") 16)
  (global $stop (export "stop") (mut i32) (i32.const 0))
  (global $lines (export "lines") (mut i32) (i32.const 0))

  (func (export "scan")
    (param $in i32) (param $from i32) (param $to i32) (param $out i32) (param $cap i32) (param $maestro i32)
    (result i32)
    (local $p i32) (local $e i32) (local $cnt i32) (local $nl i32) (local $k i32) (local $c i32) (local $a i32)
    (local $va v128) (local $vb v128) (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $e0 i32) (local $e1 i32)
    (local $D i64) (local $Z i64) (local $S i64) (local $N i64) (local $E i64)
    (local $R2 i64) (local $R4 i64) (local $R12 i64) (local $WD i64) (local $W2 i64) (local $W4 i64) (local $dig i64)
    (local $lim i32) (local $long i32) (local $dc i32) (local $ec i32) (local $nm i32) (local $C i32) (local $bit i32) (local $o i32)

    ;; look-behind: the four bytes before `from` (bits 60-63 before the first bytes shift in)
    (local.set $k (i32.const 1))
    (block $lbDone
      (loop $lb
        (br_if $lbDone (i32.gt_s (local.get $k) (i32.const 4)))
        (br_if $lbDone (i32.lt_s (i32.sub (local.get $from) (local.get $k)) (i32.const 0)))
        (local.set $c (i32.load8_u (i32.add (local.get $in) (i32.sub (local.get $from) (local.get $k)))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))
          (then (local.set $D (i64.or (local.get $D)
            (i64.shl (i64.const 1) (i64.extend_i32_u (i32.sub (i32.const 64) (local.get $k))))))))
        (if (i32.eqz (local.get $c))
          (then (local.set $Z (i64.or (local.get $Z)
            (i64.shl (i64.const 1) (i64.extend_i32_u (i32.sub (i32.const 64) (local.get $k))))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $lb)))

    (local.set $p (local.get $from))
    (block $done
      (loop $next
        ;; judged in this pass: [e, e + 32), 16 bytes behind the 32 loaded at p
        (local.set $e (i32.sub (local.get $p) (i32.const 16)))
        (br_if $done (i32.ge_s (local.get $e) (local.get $to)))
        ;; room for a whole pass of candidates, or stop here and let the caller come back
        (if (i32.gt_u (i32.add (local.get $cnt) (i32.const 64)) (local.get $cap))
          (then
            (global.set $stop (select (local.get $e) (local.get $from) (i32.gt_s (local.get $e) (local.get $from))))
            (global.set $lines (local.get $nl))
            (return (local.get $cnt))))
        ;; shift the masks of bytes [p, p + 32) into the top halves of the histories
        (local.set $a (i32.add (local.get $in) (local.get $p)))
        (local.set $va (v128.load (local.get $a)))
        (local.set $vb (v128.load offset=16 (local.get $a)))
        (local.set $D (i64.or (i64.shr_u (local.get $D) (i64.const 32)) (i64.shl (i64.extend_i32_u (i32.or
          (i8x16.bitmask (i8x16.lt_u (i8x16.sub (local.get $va) (i8x16.splat (i32.const 0x30))) (i8x16.splat (i32.const 10))))
          (i32.shl (i8x16.bitmask (i8x16.lt_u (i8x16.sub (local.get $vb) (i8x16.splat (i32.const 0x30))) (i8x16.splat (i32.const 10)))) (i32.const 16)))) (i64.const 32))))
        (local.set $Z (i64.or (i64.shr_u (local.get $Z) (i64.const 32)) (i64.shl (i64.extend_i32_u (i32.or
          (i8x16.bitmask (i8x16.eq (local.get $va) (i8x16.splat (i32.const 0))))
          (i32.shl (i8x16.bitmask (i8x16.eq (local.get $vb) (i8x16.splat (i32.const 0)))) (i32.const 16)))) (i64.const 32))))
        (local.set $S (i64.or (i64.shr_u (local.get $S) (i64.const 32)) (i64.shl (i64.extend_i32_u (i32.or
          (i8x16.bitmask (v128.or (i8x16.eq (local.get $va) (i8x16.splat (i32.const 0x20))) (i8x16.eq (local.get $va) (i8x16.splat (i32.const 0x2d)))))
          (i32.shl (i8x16.bitmask (v128.or (i8x16.eq (local.get $vb) (i8x16.splat (i32.const 0x20))) (i8x16.eq (local.get $vb) (i8x16.splat (i32.const 0x2d))))) (i32.const 16)))) (i64.const 32))))
        (local.set $N (i64.or (i64.shr_u (local.get $N) (i64.const 32)) (i64.shl (i64.extend_i32_u (i32.or
          (i8x16.bitmask (i8x16.eq (local.get $va) (i8x16.splat (i32.const 0x0a))))
          (i32.shl (i8x16.bitmask (i8x16.eq (local.get $vb) (i8x16.splat (i32.const 0x0a)))) (i32.const 16)))) (i64.const 32))))
        ;; EMV openings in the 16 bytes at a + 0 and at a + 16 (written out twice: a call is not inlined):
        ;; hex text "5", then "7" / "A" / "a", then "0" / "1" or a space and "0" / "1";
        ;; binary 0x57 / 0x5A, a length byte of 6..19, then a byte below 0xA0
        (local.set $w0 (v128.load offset=0 (local.get $a)))
        (local.set $w1 (v128.load offset=1 (local.get $a)))
        (local.set $w2 (v128.load offset=2 (local.get $a)))
        (local.set $e0
        (i8x16.bitmask (v128.or
          (v128.and
            (v128.and
              (i8x16.eq (local.get $w0) (i8x16.splat (i32.const 0x35)))
              (v128.or
                (i8x16.eq (local.get $w1) (i8x16.splat (i32.const 0x37)))
                (i8x16.eq (v128.or (local.get $w1) (i8x16.splat (i32.const 0x20))) (i8x16.splat (i32.const 0x61)))))
            (v128.or
              (i8x16.eq (v128.and (local.get $w2) (i8x16.splat (i32.const 0xfe))) (i8x16.splat (i32.const 0x30)))
              (v128.and
                (i8x16.eq (local.get $w2) (i8x16.splat (i32.const 0x20)))
                (i8x16.eq (v128.and (v128.load offset=3 (local.get $a)) (i8x16.splat (i32.const 0xfe))) (i8x16.splat (i32.const 0x30))))))
          (v128.and
            (v128.and
              (v128.or
                (i8x16.eq (local.get $w0) (i8x16.splat (i32.const 0x57)))
                (i8x16.eq (local.get $w0) (i8x16.splat (i32.const 0x5a))))
              (i8x16.lt_u (i8x16.sub (local.get $w1) (i8x16.splat (i32.const 6))) (i8x16.splat (i32.const 14))))
            (i8x16.lt_u (local.get $w2) (i8x16.splat (i32.const 0xa0)))))))
        (local.set $w0 (v128.load offset=16 (local.get $a)))
        (local.set $w1 (v128.load offset=17 (local.get $a)))
        (local.set $w2 (v128.load offset=18 (local.get $a)))
        (local.set $e1
        (i8x16.bitmask (v128.or
          (v128.and
            (v128.and
              (i8x16.eq (local.get $w0) (i8x16.splat (i32.const 0x35)))
              (v128.or
                (i8x16.eq (local.get $w1) (i8x16.splat (i32.const 0x37)))
                (i8x16.eq (v128.or (local.get $w1) (i8x16.splat (i32.const 0x20))) (i8x16.splat (i32.const 0x61)))))
            (v128.or
              (i8x16.eq (v128.and (local.get $w2) (i8x16.splat (i32.const 0xfe))) (i8x16.splat (i32.const 0x30)))
              (v128.and
                (i8x16.eq (local.get $w2) (i8x16.splat (i32.const 0x20)))
                (i8x16.eq (v128.and (v128.load offset=19 (local.get $a)) (i8x16.splat (i32.const 0xfe))) (i8x16.splat (i32.const 0x30))))))
          (v128.and
            (v128.and
              (v128.or
                (i8x16.eq (local.get $w0) (i8x16.splat (i32.const 0x57)))
                (i8x16.eq (local.get $w0) (i8x16.splat (i32.const 0x5a))))
              (i8x16.lt_u (i8x16.sub (local.get $w1) (i8x16.splat (i32.const 6))) (i8x16.splat (i32.const 14))))
            (i8x16.lt_u (local.get $w2) (i8x16.splat (i32.const 0xa0)))))))
        (local.set $E (i64.or (i64.shr_u (local.get $E) (i64.const 32))
          (i64.shl (i64.extend_i32_u (i32.or (local.get $e0) (i32.shl (local.get $e1) (i32.const 16)))) (i64.const 32))))

        ;; ASCII runs: R2/R4/R12 = 2/4/12 digits from this bit on; or 4 digits, a separator, 4 digits
        (local.set $R2 (i64.and (local.get $D) (i64.shr_u (local.get $D) (i64.const 1))))
        (local.set $R4 (i64.and (local.get $R2) (i64.shr_u (local.get $R2) (i64.const 2))))
        (local.set $R12 (i64.and
          (i64.and (local.get $R4) (i64.shr_u (local.get $R4) (i64.const 4)))
          (i64.shr_u (local.get $R4) (i64.const 8))))
        (if (i32.eqz (local.get $maestro))
          (then (local.set $R12 (i64.and (local.get $R12) (i64.shr_u (local.get $D) (i64.const 12))))))
        (local.set $dig (i64.and
          (i64.or
            (local.get $R12)
            (i64.and (i64.and (local.get $R4) (i64.shr_u (local.get $S) (i64.const 4)))
              (i64.shr_u (local.get $R4) (i64.const 5))))
          (i64.xor (i64.shl (local.get $D) (i64.const 1)) (i64.const -1))))
        ;; UTF-16 and UTF-32, only near NULs. WD: a digit and a NUL; W2/W4: 2/4 of them in a row
        (if (i64.ne (local.get $Z) (i64.const 0)) (then
          (local.set $WD (i64.and (local.get $D) (i64.shr_u (local.get $Z) (i64.const 1))))
          (local.set $W2 (i64.and (local.get $WD) (i64.shr_u (local.get $WD) (i64.const 2))))
          (local.set $W4 (i64.and (local.get $W2) (i64.shr_u (local.get $W2) (i64.const 4))))
          (local.set $dig (i64.or (local.get $dig)
            (i64.and
              (i64.or
                ;; 8 digits: W4, then 2 more, 1 more, and a digit
                (i64.and
                  (i64.and (local.get $W4) (i64.shr_u (local.get $W2) (i64.const 8)))
                  (i64.and (i64.shr_u (local.get $WD) (i64.const 12)) (i64.shr_u (local.get $D) (i64.const 14))))
                ;; 4 digits, a separator and its NUL, 4 digits
                (i64.and
                  (i64.and
                    (i64.and (local.get $W4) (i64.shr_u (local.get $S) (i64.const 8)))
                    (i64.and (i64.shr_u (local.get $Z) (i64.const 9)) (i64.shr_u (local.get $W2) (i64.const 10))))
                  (i64.and (i64.shr_u (local.get $WD) (i64.const 14)) (i64.shr_u (local.get $D) (i64.const 16)))))
              ;; not after another digit and NUL
              (i64.xor
                (i64.and (i64.shl (local.get $D) (i64.const 2)) (i64.shl (local.get $Z) (i64.const 1)))
                (i64.const -1)))))
          (local.set $dig (i64.or (local.get $dig)
            (i64.and
              (i64.and
                (i64.and (local.get $WD) (i64.shr_u (local.get $Z) (i64.const 2)))
                (i64.and (i64.shr_u (local.get $Z) (i64.const 3)) (i64.shr_u (local.get $D) (i64.const 4))))
              (i64.xor
                (i64.and
                  (i64.and (i64.shl (local.get $D) (i64.const 4)) (i64.shl (local.get $Z) (i64.const 3)))
                  (i64.and (i64.shl (local.get $Z) (i64.const 2)) (i64.shl (local.get $Z) (i64.const 1))))
                (i64.const -1)))))))

        ;; emit window: bits 16..47 = bytes [e, e + 32), only those in [from, to)
        (local.set $lim (i32.const -1))
        (if (i32.lt_s (i32.sub (local.get $to) (local.get $e)) (i32.const 32))
          (then (local.set $lim (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $to) (local.get $e))) (i32.const 1)))))
        (if (i32.lt_s (local.get $e) (local.get $from))
          (then (local.set $lim (i32.and (local.get $lim) (i32.shl (i32.const -1) (i32.sub (local.get $from) (local.get $e)))))))
        (local.set $dc (i32.and (i32.wrap_i64 (i64.shr_u (local.get $dig) (i64.const 16))) (local.get $lim)))
        (local.set $ec (i32.and (i32.wrap_i64 (i64.shr_u (local.get $E) (i64.const 16))) (local.get $lim)))
        (local.set $nm (i32.and (i32.wrap_i64 (i64.shr_u (local.get $N) (i64.const 16))) (local.get $lim)))
        ;; Long ASCII runs that start with a digit no brand uses (0, 1, 7, 9: epoch timestamps) and
        ;; end within 16 digits are cards only as track data: drop those followed by anything but
        ;; '=', 'D', '^' or a NUL (the detector would read them only to reject them).
        (local.set $long (i32.and (local.get $dc) (i32.wrap_i64 (i64.shr_u
          (i64.and (local.get $R12) (i64.xor (i64.shl (local.get $D) (i64.const 1)) (i64.const -1))) (i64.const 16)))))
        (block $pruneDone
          (loop $prune
            (br_if $pruneDone (i32.eqz (local.get $long)))
            (local.set $bit (i32.ctz (local.get $long)))
            (local.set $c (i32.load8_u (i32.add (local.get $in) (i32.add (local.get $e) (local.get $bit)))))
            (if (i32.or (i32.lt_u (local.get $c) (i32.const 0x32))
                  (i32.or (i32.eq (local.get $c) (i32.const 0x37)) (i32.eq (local.get $c) (i32.const 0x39))))
              (then
                ;; run length: the zeros of D from this bit on
                (local.set $k (i32.wrap_i64 (i64.ctz (i64.xor
                  (i64.shr_u (local.get $D) (i64.extend_i32_u (i32.add (local.get $bit) (i32.const 16))))
                  (i64.const -1)))))
                (if (i32.le_u (local.get $k) (i32.const 16))
                  (then
                    (local.set $c (i32.load8_u (i32.add (local.get $in)
                      (i32.add (i32.add (local.get $e) (local.get $bit)) (local.get $k)))))
                    (if (i32.eqz (i32.or
                          (i32.or (i32.eq (local.get $c) (i32.const 0x3d)) (i32.eq (local.get $c) (i32.const 0x44)))
                          (i32.or (i32.eq (local.get $c) (i32.const 0x5e)) (i32.eqz (local.get $c)))))
                      (then (local.set $dc (i32.and (local.get $dc)
                        (i32.xor (i32.shl (i32.const 1) (local.get $bit)) (i32.const -1))))))))))
            (local.set $long (i32.and (local.get $long) (i32.sub (local.get $long) (i32.const 1))))
            (br $prune)))
        (local.set $C (i32.or (local.get $dc) (local.get $ec)))
        (block $outDone
          (loop $outNext
            (br_if $outDone (i32.eqz (local.get $C)))
            (local.set $bit (i32.ctz (local.get $C)))
            (local.set $o (i32.add (local.get $out) (i32.shl (local.get $cnt) (i32.const 3))))
            (i32.store (local.get $o) (i32.add (local.get $e) (local.get $bit)))
            (i32.store offset=4 (local.get $o)
              (i32.or
                (i32.shl
                  (i32.add (local.get $nl)
                    (i32.popcnt (i32.and (local.get $nm) (i32.sub (i32.shl (i32.const 1) (local.get $bit)) (i32.const 1)))))
                  (i32.const 2))
                (i32.or
                  (i32.and (i32.shr_u (local.get $dc) (local.get $bit)) (i32.const 1))
                  (i32.shl (i32.and (i32.shr_u (local.get $ec) (local.get $bit)) (i32.const 1)) (i32.const 1)))))
            (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))
            (local.set $C (i32.and (local.get $C) (i32.sub (local.get $C) (i32.const 1))))
            (br $outNext)))
        (local.set $nl (i32.add (local.get $nl) (i32.popcnt (local.get $nm))))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $next)))
    (global.set $stop (local.get $to))
    (global.set $lines (local.get $nl))
    (local.get $cnt))
)
