// CertifiedMath status codes and rounding modes. Every exported operation returns one of these
// codes (0 = ok); a result is written only when the status is OK. The numbers are the catalogue's
// (bindings/errors/catalogue.ts, math range 500-599; a test checks they agree) and stable (ABI).
export const OK: i32 = 0;
export const E_MATH_OVERFLOW: i32 = 500; // result does not fit the output type
export const E_MATH_UNDERFLOW: i32 = 501; // unsigned result would be negative (sub)
export const E_MATH_DIV_BY_ZERO: i32 = 502; // divisor is zero (div, mod, mulDiv, fpDiv, 0^negative)
export const E_MATH_DOMAIN: i32 = 503; // input outside the function's domain (ln(0), log2(0))
export const E_MATH_INVALID_ROUNDING: i32 = 504; // rounding mode not one of the three below
// The trace record keeps a 1-byte status, code − MATH_TRACE_STATUS_BASE (1..5; 0 = ok): the record layout
// and every trace digest stay what they were when the codes themselves were 1..5.
export const MATH_TRACE_STATUS_BASE: i32 = 499;

export const ROUND_FLOOR: i32 = 0;
export const ROUND_CEIL: i32 = 1;
export const ROUND_HALF_EVEN: i32 = 2;

// 10^18: one unit of an 18-decimal fixed-point number; also the base-unit scale of amounts.
export const SCALE: u64 = 1_000_000_000_000_000_000;
