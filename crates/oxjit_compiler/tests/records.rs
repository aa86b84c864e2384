//! Structured (record) arrays compiled from source strings (no Python): field reads and
//! writes at packed offsets through records, field views, and the typing errors.

use oxjit_compiler::error::ErrorKind;
use oxjit_compiler::records::{intern, Field, RecordLayout};
use oxjit_compiler::types::{Dtype, Layout, Type};
use oxjit_compiler::{compile, MapEnvironment, Options};

type Entry = extern "C" fn(*const u64, *mut u64) -> i32;

/// `{x: float64 @0, y: int32 @8, flag: bool @12}`, packed: 13 bytes a record.
fn packed() -> Dtype {
    let f = |name: &str, dtype, offset| Field {
        name: name.into(),
        dtype,
        offset,
    };
    Dtype::Record(intern(RecordLayout {
        fields: vec![
            f("x", Dtype::Float64, 0),
            f("y", Dtype::Int32, 8),
            f("flag", Dtype::Bool, 12),
        ],
        itemsize: 13,
        aligned: false,
    }))
}

fn run(src: &str, buf: &mut [u8], n: usize) -> f64 {
    let env = MapEnvironment::single(src);
    let arr = Type::array(packed(), 1, Layout::C);
    let code = compile(&env, 0, &[arr], &Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let f: Entry = unsafe { std::mem::transmute(code.entry()) };
    // A borrowed array (tag bit 0), writable.
    let slots = [1u64, buf.as_mut_ptr() as u64, n as u64, 13];
    let mut ret = [0u64; 1];
    assert_eq!(f(slots.as_ptr(), ret.as_mut_ptr()), 0);
    f64::from_bits(ret[0])
}

fn x(buf: &[u8], i: usize) -> f64 {
    f64::from_le_bytes(buf[13 * i..13 * i + 8].try_into().unwrap())
}
fn y(buf: &[u8], i: usize) -> i32 {
    i32::from_le_bytes(buf[13 * i + 8..13 * i + 12].try_into().unwrap())
}

#[test]
fn fields_are_read_and_written_at_their_offsets() {
    let src = "
def f(a):
    s = 0.0
    for i in range(len(a)):
        r = a[i]
        r.x = i * 1.5
        a[i]['y'] = 10 - i
        r.flag = i % 2 == 1
        s += r.x + a[i].y + r[2]
    return s
";
    let mut buf = vec![0xAAu8; 13 * 4];
    let s = run(src, &mut buf, 4);
    for i in 0..4 {
        assert_eq!(x(&buf, i), i as f64 * 1.5);
        assert_eq!(y(&buf, i), 10 - i as i32);
        assert_eq!(buf[13 * i + 12], (i % 2) as u8);
    }
    assert_eq!(s, 9.0 + 34.0 + 2.0);
}

#[test]
fn field_views_are_strided_arrays() {
    let src = "
def f(a):
    a['x'][:] = 2.0
    ys = a['y']
    ys[1] = 7
    return a['x'].sum() + ys.sum()
";
    let mut buf = vec![0u8; 13 * 3];
    assert_eq!(run(src, &mut buf, 3), 6.0 + 7.0);
    assert_eq!((x(&buf, 2), y(&buf, 1), y(&buf, 0)), (2.0, 7, 0));
}

#[test]
fn typing_errors() {
    let arr = Type::array(packed(), 1, Layout::C);
    let err = |src: &str| {
        compile(
            &MapEnvironment::single(src),
            0,
            std::slice::from_ref(&arr),
            &Options::default(),
        )
        .err()
        .unwrap()
    };
    let e = err("def f(a):\n    return a[0].z\n");
    assert_eq!(e.kind, ErrorKind::Typing);
    let text = e.to_string();
    assert!(text.contains("no field named `z`"), "{text}");
    assert!(text.contains("x: float64 @0"), "{text}");
    assert!(text.contains("<test>:2:12"), "{text}");
    for src in [
        "def f(a):\n    return a + 1\n",
        "def f(a):\n    return a[0]\n",
        "def f(a):\n    a[0] = 1.0\n",
        "def f(a):\n    return a.sum()\n",
    ] {
        assert_eq!(err(src).kind, ErrorKind::Unsupported, "{src}");
    }
}
