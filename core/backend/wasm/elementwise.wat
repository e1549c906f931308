;; The fast backend's memory-bound float32 kernels in 128-bit SIMD: the squared-error loss and its gradient,
;; the SGD update, and im2col / col2im in the shifted-planes layout (core/tensor/kernels/conv.ts).
;;
;; Why wasm for loops this simple: V8 runs a JavaScript loop over a Float32Array at ~1–1.5 ns per element
;; (every value converted to float64 and back, one at a time), while these run at memory speed; copying the
;; operands in and out of linear memory (TypedArray.set, a memcpy) costs far less than the loop it replaces.
;;
;; Bits: the loss gradient and the SGD update compute in float64 two lanes at a time and round once, exactly
;; as the reference loops do (p − y, × g; p − lr·g), so they give the reference's bits. col2im adds each
;; pixel's contributions in the reference's order, one float32 rounding each: the same bits too. Only the
;; squared-error sum differs in its last bits: it keeps two float64 partial sums (even and odd elements).
;;
;; The caller (elementwise.ts) places every operand in linear memory; pointers are byte addresses, counts are
;; elements. Nothing here allocates.
(module
  (memory (export "memory") 1)

  ;; Σ (p[i] − y[i])², in float64.
  (func (export "sum_squared_difference") (param $p i32) (param $y i32) (param $n i32) (result f64)
    (local $pairs i32) (local $d v128) (local $sum v128) (local $last f64)
    (local.set $pairs (i32.shr_u (local.get $n) (i32.const 1)))
    (block $done
      (br_if $done (i32.eqz (local.get $pairs)))
      (loop $pair
        (local.set $d (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))
                                 (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $y)))))
        (local.set $sum (f64x2.add (local.get $sum) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (br_if $pair (local.tee $pairs (i32.sub (local.get $pairs) (i32.const 1))))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $last (f64.sub (f64.promote_f32 (f32.load (local.get $p))) (f64.promote_f32 (f32.load (local.get $y)))))
        (local.set $last (f64.mul (local.get $last) (local.get $last)))))
    (f64.add (f64.add (f64x2.extract_lane 0 (local.get $sum)) (f64x2.extract_lane 1 (local.get $sum))) (local.get $last)))

  ;; out[i] = g·(p[i] − y[i]), computed in float64 and rounded once.
  (func (export "scaled_difference") (param $p i32) (param $y i32) (param $g f64) (param $out i32) (param $n i32)
    (local $pairs i32) (local $scale v128)
    (local.set $scale (f64x2.splat (local.get $g)))
    (local.set $pairs (i32.shr_u (local.get $n) (i32.const 1)))
    (block $done
      (br_if $done (i32.eqz (local.get $pairs)))
      (loop $pair
        (v128.store64_lane 0 (local.get $out)
          (f32x4.demote_f64x2_zero
            (f64x2.mul (local.get $scale)
              (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))
                         (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $y)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br_if $pair (local.tee $pairs (i32.sub (local.get $pairs) (i32.const 1))))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (f32.store (local.get $out)
          (f32.demote_f64 (f64.mul (local.get $g)
            (f64.sub (f64.promote_f32 (f32.load (local.get $p))) (f64.promote_f32 (f32.load (local.get $y))))))))))

  ;; p[i] −= lr·g[i], computed in float64 and rounded once.
  (func (export "sgd") (param $p i32) (param $g i32) (param $lr f64) (param $n i32)
    (local $pairs i32) (local $rate v128)
    (local.set $rate (f64x2.splat (local.get $lr)))
    (local.set $pairs (i32.shr_u (local.get $n) (i32.const 1)))
    (block $done
      (br_if $done (i32.eqz (local.get $pairs)))
      (loop $pair
        (v128.store64_lane 0 (local.get $p)
          (f32x4.demote_f64x2_zero
            (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))
                       (f64x2.mul (local.get $rate) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $g)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $g (i32.add (local.get $g) (i32.const 8)))
        (br_if $pair (local.tee $pairs (i32.sub (local.get $pairs) (i32.const 1))))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (f32.store (local.get $p)
          (f32.demote_f64 (f64.sub (f64.promote_f32 (f32.load (local.get $p)))
                                   (f64.mul (local.get $lr) (f64.promote_f32 (f32.load (local.get $g))))))))))

  ;; Copies $count floats from $from to $to (4 at a time, then one at a time). The runs may not overlap.
  (func $copyRun (param $to i32) (param $from i32) (param $count i32)
    (block $vectorsDone
      (loop $vector
        (br_if $vectorsDone (i32.lt_s (local.get $count) (i32.const 4)))
        (v128.store (local.get $to) (v128.load (local.get $from)))
        (local.set $to (i32.add (local.get $to) (i32.const 16)))
        (local.set $from (i32.add (local.get $from) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 4)))
        (br $vector)))
    (block $done
      (loop $scalar
        (br_if $done (i32.le_s (local.get $count) (i32.const 0)))
        (f32.store (local.get $to) (f32.load (local.get $from)))
        (local.set $to (i32.add (local.get $to) (i32.const 4)))
        (local.set $from (i32.add (local.get $from) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $scalar))))

  ;; to[i] += from[i] for $count floats, each sum rounded to float32 (as a float32 array's += is).
  (func $addRun (param $to i32) (param $from i32) (param $count i32)
    (block $vectorsDone
      (loop $vector
        (br_if $vectorsDone (i32.lt_s (local.get $count) (i32.const 4)))
        (v128.store (local.get $to) (f32x4.add (v128.load (local.get $to)) (v128.load (local.get $from))))
        (local.set $to (i32.add (local.get $to) (i32.const 16)))
        (local.set $from (i32.add (local.get $from) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 4)))
        (br $vector)))
    (block $done
      (loop $scalar
        (br_if $done (i32.le_s (local.get $count) (i32.const 0)))
        (f32.store (local.get $to) (f32.add (f32.load (local.get $to)) (f32.load (local.get $from))))
        (local.set $to (i32.add (local.get $to) (i32.const 4)))
        (local.set $from (i32.add (local.get $from) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $scalar))))

  ;; im2col: for each of the $channels (N·C) channels of $h×$w floats at $image, its k·k shifted planes into
  ;; $cols: plane (dy, dx)[y, x] = channel[y + dy − p, x + dx − p], zero outside. $cols is zeroed first, so
  ;; only the in-image run of each plane row is copied.
  (func (export "shifted_planes") (param $image i32) (param $cols i32) (param $channels i32) (param $h i32) (param $w i32) (param $k i32)
    (local $pad i32) (local $planeBytes i32) (local $ch i32) (local $dy i32) (local $dx i32) (local $y i32)
    (local $firstY i32) (local $lastY i32) (local $first i32) (local $last i32) (local $plane i32)
    (local.set $pad (i32.shr_u (local.get $k) (i32.const 1)))
    (local.set $planeBytes (i32.shl (i32.mul (local.get $h) (local.get $w)) (i32.const 2)))
    (memory.fill (local.get $cols) (i32.const 0)
      (i32.mul (local.get $planeBytes) (i32.mul (local.get $channels) (i32.mul (local.get $k) (local.get $k)))))
    (local.set $plane (local.get $cols))
    (block $channelsDone
      (loop $channel
        (br_if $channelsDone (i32.ge_u (local.get $ch) (local.get $channels)))
        (local.set $dy (i32.const 0))
        (loop $rowOffset
          ;; Plane row y reads channel row y + dy − pad: y in [firstY, lastY) stays inside the image.
          (local.set $firstY (call $max (i32.const 0) (i32.sub (local.get $pad) (local.get $dy))))
          (local.set $lastY (call $min (local.get $h) (i32.sub (i32.add (local.get $h) (local.get $pad)) (local.get $dy))))
          (local.set $dx (i32.const 0))
          (loop $columnOffset
            (local.set $first (call $max (i32.const 0) (i32.sub (local.get $pad) (local.get $dx))))
            (local.set $last (call $min (local.get $w) (i32.sub (i32.add (local.get $w) (local.get $pad)) (local.get $dx))))
            (local.set $y (local.get $firstY))
            (block $rowsDone
              (loop $row
                (br_if $rowsDone (i32.ge_s (local.get $y) (local.get $lastY)))
                (call $copyRun
                  (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $first)) (i32.const 2)))
                  (i32.add (local.get $image)
                    (i32.shl (i32.add (i32.mul (i32.sub (i32.add (local.get $y) (local.get $dy)) (local.get $pad)) (local.get $w))
                                      (i32.sub (i32.add (local.get $first) (local.get $dx)) (local.get $pad)))
                             (i32.const 2)))
                  (i32.sub (local.get $last) (local.get $first)))
                (local.set $y (i32.add (local.get $y) (i32.const 1)))
                (br $row)))
            (local.set $plane (i32.add (local.get $plane) (local.get $planeBytes)))
            (br_if $columnOffset (i32.lt_u (local.tee $dx (i32.add (local.get $dx) (i32.const 1))) (local.get $k))))
          (br_if $rowOffset (i32.lt_u (local.tee $dy (i32.add (local.get $dy) (i32.const 1))) (local.get $k))))
        (local.set $image (i32.add (local.get $image) (local.get $planeBytes)))
        (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
        (br $channel))))

  ;; col2im, the adjoint: $image (zeroed first) gets every shifted plane of $cols added back where it was
  ;; copied from, planes in order (dy, dx) — the reference's order for each pixel.
  (func (export "add_shifted_planes") (param $cols i32) (param $image i32) (param $channels i32) (param $h i32) (param $w i32) (param $k i32)
    (local $pad i32) (local $planeBytes i32) (local $ch i32) (local $dy i32) (local $dx i32) (local $y i32)
    (local $firstY i32) (local $lastY i32) (local $first i32) (local $last i32) (local $plane i32)
    (local.set $pad (i32.shr_u (local.get $k) (i32.const 1)))
    (local.set $planeBytes (i32.shl (i32.mul (local.get $h) (local.get $w)) (i32.const 2)))
    (memory.fill (local.get $image) (i32.const 0) (i32.mul (local.get $planeBytes) (local.get $channels)))
    (local.set $plane (local.get $cols))
    (block $channelsDone
      (loop $channel
        (br_if $channelsDone (i32.ge_u (local.get $ch) (local.get $channels)))
        (local.set $dy (i32.const 0))
        (loop $rowOffset
          (local.set $firstY (call $max (i32.const 0) (i32.sub (local.get $pad) (local.get $dy))))
          (local.set $lastY (call $min (local.get $h) (i32.sub (i32.add (local.get $h) (local.get $pad)) (local.get $dy))))
          (local.set $dx (i32.const 0))
          (loop $columnOffset
            (local.set $first (call $max (i32.const 0) (i32.sub (local.get $pad) (local.get $dx))))
            (local.set $last (call $min (local.get $w) (i32.sub (i32.add (local.get $w) (local.get $pad)) (local.get $dx))))
            (local.set $y (local.get $firstY))
            (block $rowsDone
              (loop $row
                (br_if $rowsDone (i32.ge_s (local.get $y) (local.get $lastY)))
                (call $addRun
                  (i32.add (local.get $image)
                    (i32.shl (i32.add (i32.mul (i32.sub (i32.add (local.get $y) (local.get $dy)) (local.get $pad)) (local.get $w))
                                      (i32.sub (i32.add (local.get $first) (local.get $dx)) (local.get $pad)))
                             (i32.const 2)))
                  (i32.add (local.get $plane) (i32.shl (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $first)) (i32.const 2)))
                  (i32.sub (local.get $last) (local.get $first)))
                (local.set $y (i32.add (local.get $y) (i32.const 1)))
                (br $row)))
            (local.set $plane (i32.add (local.get $plane) (local.get $planeBytes)))
            (br_if $columnOffset (i32.lt_u (local.tee $dx (i32.add (local.get $dx) (i32.const 1))) (local.get $k))))
          (br_if $rowOffset (i32.lt_u (local.tee $dy (i32.add (local.get $dy) (i32.const 1))) (local.get $k))))
        (local.set $image (i32.add (local.get $image) (local.get $planeBytes)))
        (local.set $ch (i32.add (local.get $ch) (i32.const 1)))
        (br $channel))))

  (func $max (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.gt_s (local.get $a) (local.get $b))))
  (func $min (param $a i32) (param $b i32) (result i32)
    (select (local.get $a) (local.get $b) (i32.lt_s (local.get $a) (local.get $b)))))
