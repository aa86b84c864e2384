//! Python's `format(value, spec)` for ints, floats and bools (the format-spec mini-language
//! subset f-strings in `raise` messages use), and `repr` of floats (shortest round-trip digits,
//! scientific notation outside `1e-4 <= |x| < 1e16`), matching CPython character for character.

/// A parsed format spec: `[[fill]align][sign][#][0][width][.precision][type]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    pub fill: char,
    pub align: Option<char>,
    pub sign: char,
    pub alternate: bool,
    pub width: usize,
    pub precision: Option<usize>,
    pub kind: Option<char>,
    /// The thousands separator (`,` or `_`), if any.
    pub grouping: Option<char>,
}

/// Parse a spec; an error message for what oxjit does not format (grouping, `n`, `c`, `s`…).
pub fn parse_spec(s: &str) -> Result<Spec, String> {
    // Specs are short: read them from a stack buffer (no allocation on the hot path).
    let mut buf = ['\0'; 32];
    let long: Vec<char>;
    let chars: &[char] = if s.len() <= buf.len() {
        let mut n = 0;
        for c in s.chars() {
            buf[n] = c;
            n += 1;
        }
        &buf[..n]
    } else {
        long = s.chars().collect();
        &long
    };
    let mut i = 0;
    let mut spec = Spec {
        fill: ' ',
        align: None,
        sign: '-',
        alternate: false,
        width: 0,
        precision: None,
        kind: None,
        grouping: None,
    };
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        spec.fill = chars[0];
        spec.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        spec.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        spec.sign = chars[i];
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        spec.alternate = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        if spec.align.is_none() {
            spec.fill = '0';
            spec.align = Some('=');
        }
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        chars[start..*i]
            .iter()
            .collect::<String>()
            .parse::<usize>()
            .ok()
    };
    spec.width = digits(&mut i).unwrap_or(0);
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        spec.grouping = Some(chars[i]);
        i += 1;
        if spec.fill == '0' && spec.align == Some('=') {
            return Err(format!(
                "the format spec `{s}` (zero padding with a separator) is not supported by oxjit"
            ));
        }
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        spec.precision = Some(digits(&mut i).ok_or("format specifier missing precision")?);
    }
    if i < chars.len() {
        let k = chars[i];
        if !matches!(
            k,
            'd' | 'x' | 'X' | 'o' | 'b' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' | 's'
        ) {
            return Err(format!("the format spec `{s}` is not supported by oxjit"));
        }
        spec.kind = Some(k);
        i += 1;
    }
    if i != chars.len() {
        return Err(format!("the format spec `{s}` is not supported by oxjit"));
    }
    match (spec.grouping, spec.kind) {
        (Some(g), Some(k @ ('x' | 'X' | 'o' | 'b' | 's'))) if g == ',' || k == 's' => {
            return Err(format!("Cannot specify '{g}' with '{k}'."));
        }
        _ => {}
    }
    Ok(spec)
}

/// Pad `sign` + `body` to the width of the spec (numbers align right by default).
fn pad(spec: &Spec, sign: &str, body: &str) -> String {
    if spec.width == 0 {
        let mut out = String::with_capacity(sign.len() + body.len());
        out.push_str(sign);
        out.push_str(body);
        return out;
    }
    let len = sign.chars().count() + body.chars().count();
    if len >= spec.width {
        return format!("{sign}{body}");
    }
    let n = spec.width - len;
    let fill = |k: usize| std::iter::repeat_n(spec.fill, k).collect::<String>();
    match spec.align.unwrap_or('>') {
        '<' => format!("{sign}{body}{}", fill(n)),
        '^' => format!("{}{sign}{body}{}", fill(n / 2), fill(n - n / 2)),
        '=' => format!("{sign}{}{body}", fill(n)),
        _ => format!("{}{sign}{body}", fill(n)),
    }
}

fn sign_of(negative: bool, spec: &Spec) -> &'static str {
    match (negative, spec.sign) {
        (true, _) => "-",
        (false, '+') => "+",
        (false, ' ') => " ",
        _ => "",
    }
}

/// `format(x, spec)` for an int (float presentation types convert it to a float, as Python).
pub fn format_int(x: i64, spec: &Spec) -> Result<String, String> {
    if matches!(spec.kind, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) {
        return Ok(format_float(x as f64, spec));
    }
    if spec.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".into());
    }
    let m = x.unsigned_abs();
    let body = match spec.kind {
        Some('x') => format!("{}{m:x}", if spec.alternate { "0x" } else { "" }),
        Some('X') => format!("{}{m:X}", if spec.alternate { "0X" } else { "" }),
        Some('o') => format!("{}{m:o}", if spec.alternate { "0o" } else { "" }),
        Some('b') => format!("{}{m:b}", if spec.alternate { "0b" } else { "" }),
        _ => m.to_string(),
    };
    let body = match (spec.grouping, spec.kind) {
        (None, _) => body,
        (Some(g), None | Some('d')) => group(&body, g, 3),
        (Some(g), _) => {
            // Hex, octal, binary: groups of four digits, after the `0x` prefix.
            let p = if spec.alternate { 2 } else { 0 };
            format!("{}{}", &body[..p], group(&body[p..], g, 4))
        }
    };
    Ok(pad(spec, sign_of(x < 0, spec), &body))
}

/// Insert `sep` every `every` digits from the right of the leading run of digits of `body`.
fn group(body: &str, sep: char, every: usize) -> String {
    let n = body
        .find(|c: char| !c.is_ascii_alphanumeric() || c == 'e' || c == 'E')
        .unwrap_or(body.len());
    let (digits, rest) = body.split_at(n);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % every == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out.push_str(rest);
    out
}

/// Shortest round-trip digits of a finite, non-zero `|x|` and its decimal exponent `e`
/// (`x = 0.d1d2... * 10^e`).
fn shortest(x: f64) -> (String, i32) {
    let s = format!("{:e}", x.abs());
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    (digits, exp.parse::<i32>().unwrap_or(0) + 1)
}

/// Digits `d` with decimal exponent `e` in fixed notation (at least `min_frac` fraction digits).
fn fixed_from_digits(d: &str, e: i32, min_frac: usize) -> String {
    let n = d.len() as i32;
    let (int_part, frac) = if e <= 0 {
        ("0".to_string(), format!("{}{d}", "0".repeat((-e) as usize)))
    } else if e >= n {
        (
            format!("{d}{}", "0".repeat((e - n) as usize)),
            String::new(),
        )
    } else {
        (d[..e as usize].to_string(), d[e as usize..].to_string())
    };
    let frac = if frac.len() < min_frac {
        format!("{frac}{}", "0".repeat(min_frac - frac.len()))
    } else {
        frac
    };
    if frac.is_empty() {
        int_part
    } else {
        format!("{int_part}.{frac}")
    }
}

/// `1.5e+16`: digits `d`, exponent `e` of the first digit.
fn sci_from_digits(d: &str, exp: i32, upper: bool) -> String {
    let mant = if d.len() > 1 {
        format!("{}.{}", &d[..1], &d[1..])
    } else {
        d.to_string()
    };
    let e = if upper { 'E' } else { 'e' };
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mant}{e}{sign}{:02}", exp.abs())
}

/// `repr(x)` of a float (also `str(x)` and `f"{x}"`).
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf" } else { "inf" }.into();
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0.0");
    }
    let (d, e) = shortest(x);
    if e <= -4 || e > 16 {
        format!("{sign}{}", sci_from_digits(&d, e - 1, false))
    } else {
        format!("{sign}{}", fixed_from_digits(&d, e, 1))
    }
}

/// Remove trailing zeros of the fraction (and the point) unless `#` was given.
fn strip(s: String, spec: &Spec) -> String {
    if spec.alternate {
        return s;
    }
    let (num, exp) = match s.find(['e', 'E']) {
        Some(i) => (s[..i].to_string(), s[i..].to_string()),
        None => (s, String::new()),
    };
    let num = if num.contains('.') {
        num.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        num
    };
    format!("{num}{exp}")
}

/// `format(x, spec)` of a float.
pub fn format_float(x: f64, spec: &Spec) -> String {
    let upper = matches!(spec.kind, Some('E' | 'F' | 'G'));
    let neg = x.is_sign_negative() && !x.is_nan();
    let sign = sign_of(neg, spec);
    let a = x.abs();
    if !x.is_finite() {
        let body = match (x.is_nan(), upper) {
            (true, false) => "nan",
            (true, true) => "NAN",
            (false, false) => "inf",
            (false, true) => "INF",
        };
        let body = if spec.kind == Some('%') {
            format!("{body}%")
        } else {
            body.to_string()
        };
        // Zero padding does not apply to nan/inf fills in CPython either way: it pads with '0'.
        return pad(spec, sign, &body);
    }
    let body = match (spec.kind, spec.precision) {
        (None, None) => float_repr(a),
        (Some('f' | 'F'), p) => format!("{:.*}", p.unwrap_or(6), a),
        (Some('%'), p) => format!("{:.*}%", p.unwrap_or(6), a * 100.0),
        (Some('e' | 'E'), p) => exp_format(a, p.unwrap_or(6), upper),
        (Some('g' | 'G'), p) => general(a, p.unwrap_or(6), upper, spec, false),
        // No type with a precision: like 'g', but fixed notation keeps one fraction digit.
        (_, p) => general(a, p.unwrap_or(6), upper, spec, true),
    };
    let body = if spec.alternate && !body.contains(['.', 'e', 'E']) && spec.kind.is_some() {
        format!("{body}.")
    } else {
        body
    };
    let body = match spec.grouping {
        Some(g) => group(&body, g, 3),
        None => body,
    };
    pad(spec, sign, &body)
}

/// `{:.pe}` in Python's form (`1.500e+05`).
fn exp_format(a: f64, p: usize, upper: bool) -> String {
    let s = format!("{:.*e}", p, a);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let e = if upper { 'E' } else { 'e' };
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mant}{e}{sign}{:02}", exp.abs())
}

/// The 'g' presentation (and the no-type one when `repr_like`).
fn general(a: f64, p: usize, upper: bool, spec: &Spec, repr_like: bool) -> String {
    let p = p.max(1);
    if a == 0.0 && repr_like {
        return "0.0".into();
    }
    if a == 0.0 {
        return strip(format!("{:.*}", p - 1, 0.0), spec);
    }
    // The exponent after rounding to p significant digits.
    let s = format!("{:.*e}", p - 1, a);
    let exp: i32 = s.split_once('e').map_or(0, |(_, e)| e.parse().unwrap_or(0));
    // Without a type, fixed notation needs room for the ".0" CPython adds.
    let limit = if repr_like { p as i32 - 1 } else { p as i32 };
    if exp >= -4 && exp < limit {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let fixed = strip(format!("{:.*}", decimals, a), spec);
        if repr_like && !fixed.contains('.') {
            format!("{fixed}.0")
        } else {
            fixed
        }
    } else {
        strip(exp_format(a, p - 1, upper), spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64, s: &str) -> String {
        format_float(x, &parse_spec(s).unwrap())
    }

    #[test]
    fn float_repr_matches_cpython() {
        for (x, want) in [
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (-0.0, "-0.0"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.5e300, "1.5e+300"),
            (123.0, "123.0"),
            (5e-324, "5e-324"),
        ] {
            assert_eq!(float_repr(x), want);
        }
    }

    #[test]
    fn specs_match_cpython() {
        assert_eq!(f(1.23456, ".3f"), "1.235");
        assert_eq!(f(0.125, ".2f"), "0.12");
        assert_eq!(f(123456.789, ".3e"), "1.235e+05");
        assert_eq!(f(123456.789, "g"), "123457");
        assert_eq!(f(1e-5, "g"), "1e-05");
        assert_eq!(f(-2.5, "+10.2f"), "     -2.50");
        assert_eq!(f(2.5, "010.2f"), "0000002.50");
        assert_eq!(f(0.5, ".1%"), "50.0%");
        assert_eq!(f(f64::NAN, "+.2f"), "+nan");
        assert_eq!(f(1e16, ".3"), "1e+16");
        assert_eq!(f(1.0, ".3"), "1.0");
        assert_eq!(f(2.0, ""), "2.0");
        assert_eq!(f(100.0, ".3"), "1e+02");
        assert_eq!(f(f64::NAN, "010.2f"), "0000000nan");
        let int = |x: i64, s: &str| format_int(x, &parse_spec(s).unwrap()).unwrap();
        assert_eq!(int(-42, "d"), "-42");
        assert_eq!(int(42, "05d"), "00042");
        assert_eq!(int(255, "#x"), "0xff");
        assert_eq!(int(7, "<4"), "7   ");
        assert_eq!(int(7, ".2f"), "7.00");
        assert_eq!(int(-1234567, ","), "-1,234,567");
        assert_eq!(int(255, "#_b"), "0b1111_1111");
        assert_eq!(f(1234567.891, ",.2f"), "1,234,567.89");
        assert_eq!(f(1234.5, "_"), "1_234.5");
        assert!(parse_spec(",x").is_err());
    }
}
