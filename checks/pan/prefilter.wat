;; Card-data prefilter: finds, 16 bytes at a time with SIMD, the few positions where the detector
;; (detector.ts) could start a hit, so JavaScript never walks the other bytes one by one.
;;
;; Source of checks/pan/prefilter-wasm.ts (regenerate: `npm run build:wasm`). The same rules, one
;; position at a time, are `candidatesReference` in prefilter.ts; a test holds the two equal.
;;
;; Memory: candidates are written at `out` (8 bytes each), the input at [0, len) of its own region;
;; the caller pads 64 bytes of 0xFF after the input (no rule matches 0xFF), so loads never need a
;; bounds check. A position i in [from, to) is a candidate when:
;;   digit (kind 1):
;;     ASCII   no digit at i-1, and 13 digits from i (12 with Maestro),
;;             or 4 digits, a space or dash, 4 digits (a grouped card: 4-4-4-4, 4-6-5, 4-6-4)
;;     UTF-16  digit NUL, 4 times (the last NUL optional), not after another digit NUL
;;     UTF-32  digit NUL NUL NUL digit, not after another digit NUL NUL NUL
;;   EMV (kind 2):
;;     hex text "57" / "5A" / "5a", an optional space, then "0" or "1" (the TLV length)
;;     binary   0x57 / 0x5A, a length byte of 6-19, a byte below 0xA0 (BCD digits first)
;; Each candidate also carries the newlines in [from, i), so hits get line numbers for free.
(module
  (memory (export "memory") 16)
  ;; where the last call stopped (== to when it finished) and the newlines it counted before that
  (global $stop (export "stop") (mut i32) (i32.const 0))
  (global $lines (export "lines") (mut i32) (i32.const 0))

  (func (export "scan")
    (param $in i32) (param $from i32) (param $to i32) (param $out i32) (param $cap i32) (param $maestro i32)
    (result i32)
    (local $p i32) (local $e i32) (local $cnt i32) (local $nl i32) (local $k i32) (local $c i32)
    (local $v v128)
    ;; bit j of each history: the byte at in + p - 48 + j (p = the block just loaded)
    (local $D i64) (local $Z i64) (local $SP i64) (local $DA i64) (local $N i64)
    (local $F5 i64) (local $H i64) (local $L i64) (local $WZ i64) (local $LN i64) (local $LO i64)
    (local $R2 i64) (local $R4 i64) (local $R12 i64) (local $WD i64) (local $dig i64) (local $emv i64)
    (local $lim i32) (local $dc i32) (local $ec i32) (local $nm i32) (local $C i32) (local $bit i32) (local $o i32)

    ;; look-behind: the four bytes before `from` (bits 60-63 before the first block shifts in)
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
        ;; the block to emit is 32 bytes behind the one loaded (32 bytes of look-ahead)
        (local.set $e (i32.sub (local.get $p) (i32.const 32)))
        (br_if $done (i32.ge_s (local.get $e) (local.get $to)))
        (local.set $v (v128.load (i32.add (local.get $in) (local.get $p))))

        ;; shift this block's 16-bit masks into the top of each history
        (local.set $D (i64.or (i64.shr_u (local.get $D) (i64.const 16)) (i64.shl (i64.extend_i32_u
          (i8x16.bitmask (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 0x30))) (i8x16.splat (i32.const 10))))) (i64.const 48))))
        (local.set $Z (i64.or (i64.shr_u (local.get $Z) (i64.const 16)) (i64.shl (i64.extend_i32_u
          (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0))))) (i64.const 48))))
        (local.set $SP (i64.or (i64.shr_u (local.get $SP) (i64.const 16)) (i64.shl (i64.extend_i32_u
          (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x20))))) (i64.const 48))))
        (local.set $DA (i64.or (i64.shr_u (local.get $DA) (i64.const 16)) (i64.shl (i64.extend_i32_u
          (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x2d))))) (i64.const 48))))
        (local.set $N (i64.or (i64.shr_u (local.get $N) (i64.const 16)) (i64.shl (i64.extend_i32_u
          (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x0a))))) (i64.const 48))))
        (local.set $F5 (i64.or (i64.shr_u (local.get $F5) (i64.const 16)) (i64.shl (i64.extend_i32_u
          (i8x16.bitmask (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x35))))) (i64.const 48))))
        ;; '7', 'A' or 'a' (0x41 | 0x20 = 0x61)
        (local.set $H (i64.or (i64.shr_u (local.get $H) (i64.const 16)) (i64.shl (i64.extend_i32_u
          (i8x16.bitmask (v128.or
            (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x37)))
            (i8x16.eq (v128.or (local.get $v) (i8x16.splat (i32.const 0x20))) (i8x16.splat (i32.const 0x61)))))) (i64.const 48))))
        ;; '0' or '1'
        (local.set $L (i64.or (i64.shr_u (local.get $L) (i64.const 16)) (i64.shl (i64.extend_i32_u
          (i8x16.bitmask (i8x16.eq (v128.and (local.get $v) (i8x16.splat (i32.const 0xfe))) (i8x16.splat (i32.const 0x30))))) (i64.const 48))))
        ;; 0x57 or 0x5A
        (local.set $WZ (i64.or (i64.shr_u (local.get $WZ) (i64.const 16)) (i64.shl (i64.extend_i32_u
          (i8x16.bitmask (v128.or
            (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x57)))
            (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5a)))))) (i64.const 48))))
        ;; 6..19
        (local.set $LN (i64.or (i64.shr_u (local.get $LN) (i64.const 16)) (i64.shl (i64.extend_i32_u
          (i8x16.bitmask (i8x16.lt_u (i8x16.sub (local.get $v) (i8x16.splat (i32.const 6))) (i8x16.splat (i32.const 14))))) (i64.const 48))))
        ;; below 0xA0
        (local.set $LO (i64.or (i64.shr_u (local.get $LO) (i64.const 16)) (i64.shl (i64.extend_i32_u
          (i8x16.bitmask (i8x16.lt_u (local.get $v) (i8x16.splat (i32.const 0xa0))))) (i64.const 48))))

        (if (i32.ge_s (local.get $e) (local.get $from))
          (then
            ;; room for a whole block of candidates, or stop here and let the caller come back
            (if (i32.gt_u (i32.add (local.get $cnt) (i32.const 32)) (local.get $cap))
              (then
                (global.set $stop (local.get $e))
                (global.set $lines (local.get $nl))
                (return (local.get $cnt))))

            ;; ASCII runs: R2/R4/R12 = 2/4/12 digits from this bit on
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
                ;; 4 digits, a space or dash, 4 digits
                (i64.and (i64.and (local.get $R4)
                  (i64.shr_u (i64.or (local.get $SP) (local.get $DA)) (i64.const 4)))
                  (i64.shr_u (local.get $R4) (i64.const 5))))
              (i64.xor (i64.shl (local.get $D) (i64.const 1)) (i64.const -1))))
            ;; UTF-16: digit NUL x3, then a digit, not after digit NUL
            (local.set $WD (i64.and (local.get $D) (i64.shr_u (local.get $Z) (i64.const 1))))
            (local.set $dig (i64.or (local.get $dig)
              (i64.and
                (i64.and
                  (i64.and (local.get $WD) (i64.shr_u (local.get $WD) (i64.const 2)))
                  (i64.and (i64.shr_u (local.get $WD) (i64.const 4)) (i64.shr_u (local.get $D) (i64.const 6))))
                (i64.xor
                  (i64.and (i64.shl (local.get $D) (i64.const 2)) (i64.shl (local.get $Z) (i64.const 1)))
                  (i64.const -1)))))
            ;; UTF-32: digit NUL NUL NUL digit, not after digit NUL NUL NUL
            (local.set $dig (i64.or (local.get $dig)
              (i64.and
                (i64.and
                  (i64.and (local.get $WD) (i64.shr_u (local.get $Z) (i64.const 2)))
                  (i64.and (i64.shr_u (local.get $Z) (i64.const 3)) (i64.shr_u (local.get $D) (i64.const 4))))
                (i64.xor
                  (i64.and
                    (i64.and (i64.shl (local.get $D) (i64.const 4)) (i64.shl (local.get $Z) (i64.const 3)))
                    (i64.and (i64.shl (local.get $Z) (i64.const 2)) (i64.shl (local.get $Z) (i64.const 1))))
                  (i64.const -1)))))
            ;; EMV openings
            (local.set $emv (i64.or
              (i64.and (i64.and (local.get $F5) (i64.shr_u (local.get $H) (i64.const 1)))
                (i64.or (i64.shr_u (local.get $L) (i64.const 2))
                  (i64.and (i64.shr_u (local.get $SP) (i64.const 2)) (i64.shr_u (local.get $L) (i64.const 3)))))
              (i64.and (i64.and (local.get $WZ) (i64.shr_u (local.get $LN) (i64.const 1)))
                (i64.shr_u (local.get $LO) (i64.const 2)))))

            ;; bits 16-31 are this block; positions at or after `to` are not ours
            (local.set $lim (i32.const 0xffff))
            (if (i32.lt_s (i32.sub (local.get $to) (local.get $e)) (i32.const 16))
              (then (local.set $lim (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $to) (local.get $e))) (i32.const 1)))))
            (local.set $dc (i32.and (i32.wrap_i64 (i64.shr_u (local.get $dig) (i64.const 16))) (local.get $lim)))
            (local.set $ec (i32.and (i32.wrap_i64 (i64.shr_u (local.get $emv) (i64.const 16))) (local.get $lim)))
            (local.set $nm (i32.and (i32.wrap_i64 (i64.shr_u (local.get $N) (i64.const 16))) (local.get $lim)))
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
            (local.set $nl (i32.add (local.get $nl) (i32.popcnt (local.get $nm))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $next)))
    (global.set $stop (local.get $to))
    (global.set $lines (local.get $nl))
    (local.get $cnt))
)
