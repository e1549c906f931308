;; The fast backend's matrix multiplication: C (m, n) = [C +] A (m, k) · B (k, n), float32, packed and
;; register-tiled with 128-bit SIMD (the BLIS loop nest: B is packed into kc×8 column panels, A into mc×kc
;; blocks of 4-row panels, and a 4×8 micro-kernel keeps its tile of C in eight v128 locals). Where packing
;; measured slower, an operand is read in place instead: an A in rows or transposed (mostly), a B in rows
;; when A has few rows.
;;
;; What it deliberately is not: a general BLAS. Strides are arbitrary (a transposed operand is just swapped
;; strides, resolved while packing or by the micro-kernel's strides), but C always has unit column stride, and the caller (index.ts) places
;; the operands and the packing scratch in linear memory and chooses the block sizes. A B read in place may
;; be read up to 28 bytes past its last element, so the caller leaves that much memory after it.
;;
;; `(madd (local.get $x) (local.get $y) (local.get $z))` is not WAT: scripts/build-wasm.mjs expands it into
;; x·y + z, as f32x4.relaxed_madd (one fused multiply-add) in the relaxed-simd flavour and as
;; f32x4.add(f32x4.mul) in the simd flavour. Its arguments must be plain local.gets.
;;
;; Determinism: every element of C is summed in k order, kc at a time (a block's sum starts from zero and
;; is then added to C), so the rounding depends only on the shapes and the block sizes, never on addresses.
;;
;; Memory the caller provides: bytes [0, 128) are the micro-kernel's edge tile (4 rows × 8 floats); the
;; packed panels and the operands are wherever the caller's pointers say. All strides are in bytes.
(module
  (memory (export "memory") 1)

  ;; Adds (or stores, when $load is 0) the valid mr×nr corner of the edge tile at address 0 into C.
  (func $storeEdgeTile (param $c i32) (param $ldc i32) (param $mr i32) (param $nr i32) (param $load i32)
    (local $i i32) (local $j i32) (local $tile i32) (local $dst i32) (local $value f32)
    (loop $rows
      (local.set $j (i32.const 0))
      (loop $cols
        (local.set $dst (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $value (f32.load (i32.add (local.get $tile) (i32.shl (local.get $j) (i32.const 2)))))
        (if (local.get $load)
          (then (local.set $value (f32.add (f32.load (local.get $dst)) (local.get $value)))))
        (f32.store (local.get $dst) (local.get $value))
        (br_if $cols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $nr))))
      (local.set $c (i32.add (local.get $c) (local.get $ldc)))
      (local.set $tile (i32.add (local.get $tile) (i32.const 32)))
      (br_if $rows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $mr)))))

  ;; The 4×8 micro-kernel: the tile of C at $c gets Σ_k A[0..3, k] ⊗ B[k, 0..7] over $kc steps. A's rows start
  ;; $aRowBytes apart and step $aStep bytes per k (packed: 4 and 16; in place: its row and column strides); B's
  ;; 8 floats per k are $bStep bytes apart (32 when packed). An edge tile is computed whole and only its valid
  ;; mr×nr corner is written: the lanes past it hold zeros (packed panels are padded) or whatever follows B's
  ;; row (read in place), and lanes never mix.
  ;; Measured on V8 (Node 20): the stores are written out here rather than called, because an accumulator
  ;; live across a call is spilled to the stack inside the k loop (−25%); unrolling the k loop by two made
  ;; TurboFan spill too (−45%).
  (func $microKernel (param $kc i32) (param $ap i32) (param $aRowBytes i32) (param $aStep i32)
                     (param $bp i32) (param $bStep i32) (param $c i32) (param $ldc i32)
                     (param $mr i32) (param $nr i32) (param $load i32)
    (local $b0 v128) (local $b1 v128) (local $a v128) (local $ap1 i32) (local $ap2 i32) (local $ap3 i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    ;; Rows past the valid mr read row 0 again (in place there may be nothing else to read).
    (local.set $ap1 (i32.add (local.get $ap) (i32.mul (local.get $aRowBytes) (i32.lt_u (i32.const 1) (local.get $mr)))))
    (local.set $ap2 (i32.add (local.get $ap) (i32.mul (i32.shl (local.get $aRowBytes) (i32.const 1)) (i32.lt_u (i32.const 2) (local.get $mr)))))
    (local.set $ap3 (i32.add (local.get $ap) (i32.mul (i32.mul (local.get $aRowBytes) (i32.const 3)) (i32.lt_u (i32.const 3) (local.get $mr)))))
    (loop $k
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $a (v128.load32_splat (local.get $ap)))
      (local.set $c00 (madd (local.get $a) (local.get $b0) (local.get $c00)))
      (local.set $c01 (madd (local.get $a) (local.get $b1) (local.get $c01)))
      (local.set $a (v128.load32_splat (local.get $ap1)))
      (local.set $c10 (madd (local.get $a) (local.get $b0) (local.get $c10)))
      (local.set $c11 (madd (local.get $a) (local.get $b1) (local.get $c11)))
      (local.set $a (v128.load32_splat (local.get $ap2)))
      (local.set $c20 (madd (local.get $a) (local.get $b0) (local.get $c20)))
      (local.set $c21 (madd (local.get $a) (local.get $b1) (local.get $c21)))
      (local.set $a (v128.load32_splat (local.get $ap3)))
      (local.set $c30 (madd (local.get $a) (local.get $b0) (local.get $c30)))
      (local.set $c31 (madd (local.get $a) (local.get $b1) (local.get $c31)))
      (local.set $ap (i32.add (local.get $ap) (local.get $aStep)))
      (local.set $ap1 (i32.add (local.get $ap1) (local.get $aStep)))
      (local.set $ap2 (i32.add (local.get $ap2) (local.get $aStep)))
      (local.set $ap3 (i32.add (local.get $ap3) (local.get $aStep)))
      (local.set $bp (i32.add (local.get $bp) (local.get $bStep)))
      (br_if $k (local.tee $kc (i32.sub (local.get $kc) (i32.const 1)))))
    (if (i32.and (i32.eq (local.get $mr) (i32.const 4)) (i32.eq (local.get $nr) (i32.const 8)))
      (then
        (if (local.get $load)
          (then
            (v128.store offset=0 (local.get $c) (f32x4.add (v128.load offset=0 (local.get $c)) (local.get $c00)))
            (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c01)))
            (local.set $c (i32.add (local.get $c) (local.get $ldc)))
            (v128.store offset=0 (local.get $c) (f32x4.add (v128.load offset=0 (local.get $c)) (local.get $c10)))
            (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c11)))
            (local.set $c (i32.add (local.get $c) (local.get $ldc)))
            (v128.store offset=0 (local.get $c) (f32x4.add (v128.load offset=0 (local.get $c)) (local.get $c20)))
            (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c21)))
            (local.set $c (i32.add (local.get $c) (local.get $ldc)))
            (v128.store offset=0 (local.get $c) (f32x4.add (v128.load offset=0 (local.get $c)) (local.get $c30)))
            (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c31)))
            (return)))
        (v128.store offset=0 (local.get $c) (local.get $c00))
        (v128.store offset=16 (local.get $c) (local.get $c01))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store offset=0 (local.get $c) (local.get $c10))
        (v128.store offset=16 (local.get $c) (local.get $c11))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store offset=0 (local.get $c) (local.get $c20))
        (v128.store offset=16 (local.get $c) (local.get $c21))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store offset=0 (local.get $c) (local.get $c30))
        (v128.store offset=16 (local.get $c) (local.get $c31)))
      (else
        (v128.store offset=0 (i32.const 0) (local.get $c00))
        (v128.store offset=16 (i32.const 0) (local.get $c01))
        (v128.store offset=32 (i32.const 0) (local.get $c10))
        (v128.store offset=48 (i32.const 0) (local.get $c11))
        (v128.store offset=64 (i32.const 0) (local.get $c20))
        (v128.store offset=80 (i32.const 0) (local.get $c21))
        (v128.store offset=96 (i32.const 0) (local.get $c30))
        (v128.store offset=112 (i32.const 0) (local.get $c31))
        (call $storeEdgeTile (local.get $c) (local.get $ldc) (local.get $mr) (local.get $nr) (local.get $load)))))

  ;; Stores the transpose of the 4×4 block whose rows are r0..r3: column q goes to dst + q·stride.
  (func $storeTransposed4x4 (param $r0 v128) (param $r1 v128) (param $r2 v128) (param $r3 v128)
                            (param $dst i32) (param $stride i32)
    (local $low01 v128) (local $low23 v128) (local $high01 v128) (local $high23 v128)
    ;; Interleave pairs of rows (r0[0] r1[0] r0[1] r1[1], …), then take half of each pair.
    (local.set $low01 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
    (local.set $low23 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
    (local.set $high01 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
    (local.set $high23 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
    (v128.store (local.get $dst)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $low01) (local.get $low23)))
    (local.set $dst (i32.add (local.get $dst) (local.get $stride)))
    (v128.store (local.get $dst)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $low01) (local.get $low23)))
    (local.set $dst (i32.add (local.get $dst) (local.get $stride)))
    (v128.store (local.get $dst)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $high01) (local.get $high23)))
    (local.set $dst (i32.add (local.get $dst) (local.get $stride)))
    (v128.store (local.get $dst)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $high01) (local.get $high23))))

  ;; One 8-column panel of B (kc rows, w ≤ 8 valid columns) → kc × 8 floats, zero-padded on the right.
  (func $packBPanel (param $b i32) (param $rs i32) (param $cs i32) (param $kc i32) (param $w i32) (param $dst i32)
    (local $j i32) (local $src i32)
    (if (i32.and (i32.eq (local.get $w) (i32.const 8)) (i32.eq (local.get $cs) (i32.const 4)))
      (then
        ;; Rows of B are contiguous: two vector copies per k.
        (loop $k
          (v128.store (local.get $dst) (v128.load (local.get $b)))
          (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $b)))
          (local.set $b (i32.add (local.get $b) (local.get $rs)))
          (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
          (br_if $k (local.tee $kc (i32.sub (local.get $kc) (i32.const 1)))))
        (return)))
    (if (i32.and (i32.eq (local.get $w) (i32.const 8)) (i32.eq (local.get $rs) (i32.const 4)))
      (then
        ;; B transposed (its columns are contiguous): 4 k at a time, two 4×4 transposes per step.
        (block $blocksDone
          (br_if $blocksDone (i32.lt_u (local.get $kc) (i32.const 4)))
          (loop $k4
            (local.set $src (i32.add (local.get $b) (i32.shl (local.get $cs) (i32.const 2))))
            (call $storeTransposed4x4
              (v128.load (local.get $b))
              (v128.load (i32.add (local.get $b) (local.get $cs)))
              (v128.load (i32.add (local.get $b) (i32.shl (local.get $cs) (i32.const 1))))
              (v128.load (i32.add (local.get $b) (i32.mul (local.get $cs) (i32.const 3))))
              (local.get $dst) (i32.const 32))
            (call $storeTransposed4x4
              (v128.load (local.get $src))
              (v128.load (i32.add (local.get $src) (local.get $cs)))
              (v128.load (i32.add (local.get $src) (i32.shl (local.get $cs) (i32.const 1))))
              (v128.load (i32.add (local.get $src) (i32.mul (local.get $cs) (i32.const 3))))
              (i32.add (local.get $dst) (i32.const 16)) (i32.const 32))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 128)))
            (br_if $k4 (i32.ge_u (local.tee $kc (i32.sub (local.get $kc) (i32.const 4))) (i32.const 4)))))
        (if (i32.eqz (local.get $kc)) (then (return)))))
    ;; Any other layout (a strided B, the last k of a transposed one, a narrower last panel): one by one.
    (loop $k
      (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
      (v128.store offset=16 (local.get $dst) (v128.const i32x4 0 0 0 0))
      (local.set $src (local.get $b))
      (local.set $j (i32.const 0))
      (loop $cols
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2))) (f32.load (local.get $src)))
        (local.set $src (i32.add (local.get $src) (local.get $cs)))
        (br_if $cols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $w))))
      (local.set $b (i32.add (local.get $b) (local.get $rs)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
      (br_if $k (local.tee $kc (i32.sub (local.get $kc) (i32.const 1))))))

  ;; A kc × nc block of B → consecutive 8-column panels (panel q starts at dst + q·kc·32 bytes).
  (func $packB (param $b i32) (param $rs i32) (param $cs i32) (param $kc i32) (param $nc i32) (param $dst i32)
    (local $j i32) (local $w i32)
    (loop $panels
      (local.set $w (i32.sub (local.get $nc) (local.get $j)))
      (if (i32.gt_u (local.get $w) (i32.const 8)) (then (local.set $w (i32.const 8))))
      (call $packBPanel (local.get $b) (local.get $rs) (local.get $cs) (local.get $kc) (local.get $w) (local.get $dst))
      (local.set $b (i32.add (local.get $b) (i32.shl (local.get $cs) (i32.const 3))))
      (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $kc) (i32.const 5))))
      (br_if $panels (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 8))) (local.get $nc)))))

  ;; One 4-row panel of A (h ≤ 4 valid rows, kc columns) → kc × 4 floats, zero-padded below.
  (func $packAPanel (param $a i32) (param $rs i32) (param $cs i32) (param $kc i32) (param $h i32) (param $dst i32)
    (local $i i32) (local $src i32)
    (if (i32.and (i32.eq (local.get $h) (i32.const 4)) (i32.eq (local.get $rs) (i32.const 4)))
      (then
        ;; A transposed (its columns are contiguous): one vector copy per k.
        (loop $k
          (v128.store (local.get $dst) (v128.load (local.get $a)))
          (local.set $a (i32.add (local.get $a) (local.get $cs)))
          (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
          (br_if $k (local.tee $kc (i32.sub (local.get $kc) (i32.const 1)))))
        (return)))
    (loop $k
      (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
      (local.set $src (local.get $a))
      (local.set $i (i32.const 0))
      (loop $rows
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))) (f32.load (local.get $src)))
        (local.set $src (i32.add (local.get $src) (local.get $rs)))
        (br_if $rows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $h))))
      (local.set $a (i32.add (local.get $a) (local.get $cs)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br_if $k (local.tee $kc (i32.sub (local.get $kc) (i32.const 1))))))

  ;; An mc × kc block of A → consecutive 4-row panels (panel p starts at dst + p·kc·16 bytes).
  (func $packA (param $a i32) (param $rs i32) (param $cs i32) (param $mc i32) (param $kc i32) (param $dst i32)
    (local $i i32) (local $h i32)
    (loop $panels
      (local.set $h (i32.sub (local.get $mc) (local.get $i)))
      (if (i32.gt_u (local.get $h) (i32.const 4)) (then (local.set $h (i32.const 4))))
      (call $packAPanel (local.get $a) (local.get $rs) (local.get $cs) (local.get $kc) (local.get $h) (local.get $dst))
      (local.set $a (i32.add (local.get $a) (i32.shl (local.get $rs) (i32.const 2))))
      (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $kc) (i32.const 4))))
      (br_if $panels (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $mc)))))

  ;; C[mc × nc] (+)= A block · B block: the B panel stays in L1 while the A panels stream past. Each operand
  ;; is packed or read in place (the strides say which, see the micro-kernel; $aPanelRowBytes and
  ;; $bColumnBytes step from one panel to the next); the micro-kernel sums the same products in the same
  ;; order either way, so the choice never changes the bits.
  (func $macroKernel (param $mc i32) (param $nc i32) (param $kc i32)
                     (param $ap i32) (param $aRowBytes i32) (param $aStep i32) (param $aPanelRowBytes i32)
                     (param $bp i32) (param $bStep i32) (param $bColumnBytes i32)
                     (param $c i32) (param $ldc i32) (param $load i32)
    (local $ir i32) (local $jr i32) (local $mr i32) (local $nr i32)
    (loop $cols
      (local.set $nr (i32.sub (local.get $nc) (local.get $jr)))
      (if (i32.gt_u (local.get $nr) (i32.const 8)) (then (local.set $nr (i32.const 8))))
      (local.set $ir (i32.const 0))
      (loop $rows
        (local.set $mr (i32.sub (local.get $mc) (local.get $ir)))
        (if (i32.gt_u (local.get $mr) (i32.const 4)) (then (local.set $mr (i32.const 4))))
        (call $microKernel (local.get $kc)
          (i32.add (local.get $ap) (i32.mul (local.get $ir) (local.get $aPanelRowBytes)))
          (local.get $aRowBytes) (local.get $aStep)
          (i32.add (local.get $bp) (i32.mul (local.get $jr) (local.get $bColumnBytes)))
          (local.get $bStep)
          (i32.add (i32.add (local.get $c) (i32.mul (local.get $ir) (local.get $ldc))) (i32.shl (local.get $jr) (i32.const 2)))
          (local.get $ldc) (local.get $mr) (local.get $nr) (local.get $load))
        (br_if $rows (i32.lt_u (local.tee $ir (i32.add (local.get $ir) (i32.const 4))) (local.get $mc))))
      (br_if $cols (i32.lt_u (local.tee $jr (i32.add (local.get $jr) (i32.const 8))) (local.get $nc)))))

  ;; The step that cuts `total` into the fewest blocks of at most $max, as equal as possible, rounded up to a
  ;; multiple of $unit ($max is one): k = 784 becomes 4 × 196 rather than 3 × 256 + 16, whose short last
  ;; block would run the micro-kernel at a fraction of its speed.
  (func $balancedStep (param $total i32) (param $max i32) (param $unit i32) (result i32)
    (local $blocks i32) (local $step i32)
    (local.set $blocks (i32.div_u (i32.sub (i32.add (local.get $total) (local.get $max)) (i32.const 1)) (local.get $max)))
    (local.set $step (i32.div_u (i32.sub (i32.add (local.get $total) (local.get $blocks)) (i32.const 1)) (local.get $blocks)))
    (i32.mul (i32.div_u (i32.sub (i32.add (local.get $step) (local.get $unit)) (i32.const 1)) (local.get $unit)) (local.get $unit)))

  ;; C (m, n) = [C +] A (m, k) · B (k, n). m, n, k ≥ 1. Operand strides (rs, cs) and ldc are in bytes;
  ;; $ap/$bp are scratch for a packed (mcMax × kcMax) A block and (kcMax × ncMax) B block, mcMax and kcMax
  ;; multiples of 4 and ncMax of 8. The block sizes depend only on the shape, and so does the summation order.
  (func (export "gemm")
        (param $m i32) (param $n i32) (param $k i32)
        (param $a i32) (param $ars i32) (param $acs i32)
        (param $b i32) (param $brs i32) (param $bcs i32)
        (param $c i32) (param $ldc i32) (param $accumulate i32)
        (param $ap i32) (param $bp i32) (param $mcMax i32) (param $kcMax i32) (param $ncMax i32)
    (local $ic i32) (local $jc i32) (local $pc i32) (local $mc i32) (local $nc i32) (local $kc i32)
    (local $mcStep i32) (local $ncStep i32) (local $kcStep i32)
    (local $aInPlace i32) (local $aBlock i32) (local $aPanels i32) (local $aRowBytes i32) (local $aStep i32) (local $aPanelRowBytes i32)
    (local $bInPlace i32) (local $bBlock i32) (local $bPanels i32) (local $bStep i32) (local $bColumnBytes i32)
    ;; An A whose rows are contiguous is read where it lies, four rows at a time: packing it measured no faster
    ;; for any shape, and slower by a fifth when B is narrow (25088, 25)·(25, 16), where each packed float of A
    ;; would serve only two micro-kernel calls. So is a transposed A (its four rows' floats are adjacent, its
    ;; k steps a column stride apart: (25, 25088)ᵀ·(25088, 16) 25 → 28 GFLOP/s, (784, 60)ᵀ·(60, 89) +5%),
    ;; except when that stride is a multiple of 1 KiB (every k in the same L1 set: 1024ᵀ·1024 −50%).
    ;; Packing remains for those and for other strides.
    (local.set $aInPlace
      (i32.or (i32.eq (local.get $acs) (i32.const 4))
        (i32.and (i32.eq (local.get $ars) (i32.const 4)) (i32.ne (i32.and (local.get $acs) (i32.const 1023)) (i32.const 0)))))
    ;; Packing B pays when each packed float serves many rows of A. For up to 64 rows, a B whose rows are
    ;; contiguous is read where it lies (measured: (4, 784)·(784, 89) 23 → 33 GFLOP/s, (32, 1024)·(1024, 316)
    ;; 32 → 39, (60, 784)·(784, 89) +3%; from about 500 rows packing is 3% faster), except, above 8 rows,
    ;; with row strides that are a multiple of 1 KiB, whose rows fight over the same L1 sets ((32, 316)·(316,
    ;; 1024) read in place: −30%).
    (local.set $bInPlace
      (i32.and (i32.eq (local.get $bcs) (i32.const 4))
        (i32.or (i32.le_u (local.get $m) (i32.const 8))
          (i32.and (i32.le_u (local.get $m) (i32.const 64)) (i32.ne (i32.and (local.get $brs) (i32.const 1023)) (i32.const 0))))))
    (local.set $mcStep (call $balancedStep (local.get $m) (local.get $mcMax) (i32.const 4)))
    (local.set $ncStep (call $balancedStep (local.get $n) (local.get $ncMax) (i32.const 8)))
    (local.set $kcStep (call $balancedStep (local.get $k) (local.get $kcMax) (i32.const 4)))
    (loop $colBlocks
      (local.set $nc (i32.sub (local.get $n) (local.get $jc)))
      (if (i32.gt_u (local.get $nc) (local.get $ncStep)) (then (local.set $nc (local.get $ncStep))))
      (local.set $pc (i32.const 0))
      (loop $depthBlocks
        (local.set $kc (i32.sub (local.get $k) (local.get $pc)))
        (if (i32.gt_u (local.get $kc) (local.get $kcStep)) (then (local.set $kc (local.get $kcStep))))
        (local.set $bBlock (i32.add (local.get $b) (i32.add (i32.mul (local.get $pc) (local.get $brs)) (i32.mul (local.get $jc) (local.get $bcs)))))
        (if (local.get $bInPlace)
          (then
            (local.set $bPanels (local.get $bBlock))
            (local.set $bStep (local.get $brs))
            (local.set $bColumnBytes (i32.const 4)))
          (else
            (call $packB (local.get $bBlock) (local.get $brs) (local.get $bcs) (local.get $kc) (local.get $nc) (local.get $bp))
            (local.set $bPanels (local.get $bp))
            (local.set $bStep (i32.const 32))
            (local.set $bColumnBytes (i32.shl (local.get $kc) (i32.const 2)))))
        (local.set $ic (i32.const 0))
        (loop $rowBlocks
          (local.set $mc (i32.sub (local.get $m) (local.get $ic)))
          (if (i32.gt_u (local.get $mc) (local.get $mcStep)) (then (local.set $mc (local.get $mcStep))))
          (local.set $aBlock (i32.add (local.get $a) (i32.add (i32.mul (local.get $ic) (local.get $ars)) (i32.mul (local.get $pc) (local.get $acs)))))
          (if (local.get $aInPlace)
            (then
              (local.set $aPanels (local.get $aBlock))
              (local.set $aRowBytes (local.get $ars))
              (local.set $aStep (local.get $acs))
              (local.set $aPanelRowBytes (local.get $ars)))
            (else
              (call $packA (local.get $aBlock) (local.get $ars) (local.get $acs) (local.get $mc) (local.get $kc) (local.get $ap))
              (local.set $aPanels (local.get $ap))
              (local.set $aRowBytes (i32.const 4))
              (local.set $aStep (i32.const 16))
              (local.set $aPanelRowBytes (i32.shl (local.get $kc) (i32.const 2)))))
          (call $macroKernel (local.get $mc) (local.get $nc) (local.get $kc)
            (local.get $aPanels) (local.get $aRowBytes) (local.get $aStep) (local.get $aPanelRowBytes)
            (local.get $bPanels) (local.get $bStep) (local.get $bColumnBytes)
            (i32.add (i32.add (local.get $c) (i32.mul (local.get $ic) (local.get $ldc))) (i32.shl (local.get $jc) (i32.const 2)))
            (local.get $ldc)
            (i32.or (local.get $accumulate) (i32.ne (local.get $pc) (i32.const 0))))
          (br_if $rowBlocks (i32.lt_u (local.tee $ic (i32.add (local.get $ic) (local.get $mcStep))) (local.get $m))))
        (br_if $depthBlocks (i32.lt_u (local.tee $pc (i32.add (local.get $pc) (local.get $kcStep))) (local.get $k))))
      (br_if $colBlocks (i32.lt_u (local.tee $jc (i32.add (local.get $jc) (local.get $ncStep))) (local.get $n)))))
)
