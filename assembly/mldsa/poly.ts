// Coefficient-wise operations on polynomials of 256 i32 coefficients at a raw pointer.
import { caddq, montMul, reduce32 } from "./reduce";

export const POLY_BYTES: i32 = 1024;

// acc = a o b (Montgomery): coefficient-wise a*b*2^-32 mod q.
export function polyPointwiseMont(acc: usize, a: usize, b: usize): void {
  for (let i: usize = 0; i < 1024; i += 4) {
    store<i32>(acc + i, montMul(load<i32>(a + i), load<i32>(b + i)));
  }
}

// acc += a o b (Montgomery).
export function polyPointwiseAcc(acc: usize, a: usize, b: usize): void {
  for (let i: usize = 0; i < 1024; i += 4) {
    store<i32>(acc + i, load<i32>(acc + i) + montMul(load<i32>(a + i), load<i32>(b + i)));
  }
}

// acc = reduce32(acc - b o c) (Montgomery product).
export function polySubMulReduce(acc: usize, b: usize, c: usize): void {
  for (let i: usize = 0; i < 1024; i += 4) {
    store<i32>(acc + i, reduce32(load<i32>(acc + i) - montMul(load<i32>(b + i), load<i32>(c + i))));
  }
}

export function polyCaddq(a: usize): void {
  for (let i: usize = 0; i < 1024; i += 4) {
    store<i32>(a + i, caddq(load<i32>(a + i)));
  }
}
