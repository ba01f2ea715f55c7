//! Calculates one household and prints what it can receive: the short answer by default, the
//! full explanation with `--explain`, the raw result with `--json`. `calculate --help` says how.
//!
//! ```text
//! cargo run -p minzheng-examples --bin calculate                        # the built-in household
//! cargo run -p minzheng-examples --bin calculate -- household.json      # a household of your own
//! cargo run -p minzheng-examples --bin calculate -- --explain - < household.json   # from stdin
//! ```
//!
//! Exit codes: 0 calculated (or help shown), 1 the request cannot be calculated (bad input, or no
//! figures for its date), 2 the command line is wrong (unknown option, unreadable file), 3 the
//! built-in data is invalid (a defect of the program).

use minzheng::validate::MAX_REQUEST_BYTES;
use minzheng::{ErrorCode, request_text};
use minzheng_examples::{DEFAULT_HOUSEHOLD, Lang, error_text, explain, summary, terminal_safe};
use std::io::{Read, Write};
use std::process::ExitCode;

/// Exit code: the request cannot be calculated.
const INPUT_ERROR: u8 = 1;
/// Exit code: the command line is wrong.
const USAGE_ERROR: u8 = 2;
/// Exit code: the built-in data is invalid.
const INTERNAL_ERROR: u8 = 3;

const HELP_ZH: &str = "\
calculate — 测算一个广州家庭可领取的社会救助和福利（minzheng 规则引擎）

用法：
  calculate [选项] [文件]

  文件      家庭情况，JSON 格式（见 schema/request.schema.json）；写 - 则从标准输入读取。
            不给文件时测算内置的示例家庭（examples/households/default.json）。

选项：
  --explain        列出每一项的原因、计算过程和法律依据
  --json           输出完整结果（JSON，金额为字符串）
  --lang zh|en     输出语言：zh 中文（默认），en 英文
  -V, --version    显示版本
  -h, --help       显示本帮助，不做测算

默认输出：每个可领取的项目一行，每月合计，尚无法判断或缺少资料的项目及原因，
不符合条件的项目，提示只列一次。

退出码：
  0  测算完成（或显示了帮助）
  1  输入有误，未能测算（显示出错的字段和错误代码），或该日期没有政策数据
  2  命令行有误（未知选项、文件无法读取）
  3  程序内置数据有误（程序缺陷，请报告）

示例：
  calculate
  calculate 我家.json
  calculate --explain - < 我家.json
  calculate --lang en --help        (help in English)
";

const HELP_EN: &str = "\
calculate — what a Guangzhou household can receive from social assistance and welfare
(the minzheng rules engine)

Usage:
  calculate [options] [FILE]

  FILE      the household, as JSON (see schema/request.schema.json); - reads standard input.
            Without a file, the built-in example household (examples/households/default.json).

Options:
  --explain        the reason, workings and legal basis of every programme and amount
  --json           the full result as JSON (amounts as strings)
  --lang zh|en     language of the output: zh Chinese (default), en English
  -V, --version    print the version
  -h, --help       print this help and calculate nothing

By default: one line per programme that pays, the monthly total, what cannot be decided yet or
needs information (and why), the programmes not eligible, each warning once.

Exit codes:
  0  calculated (or help shown)
  1  the request cannot be calculated: bad input (the field and error code are shown), or no
     policy figures for its date
  2  the command line is wrong (unknown option, unreadable file)
  3  the built-in data is invalid (a defect of the program; please report it)

Examples:
  calculate
  calculate household.json
  calculate --explain - < household.json
";

#[derive(Default)]
struct Args {
    help: bool,
    version: bool,
    explain: bool,
    json: bool,
    lang: Lang,
    file: Option<String>,
}

/// A usage error in both languages (the language option may be what is wrong).
struct Usage {
    zh: String,
    en: String,
}

fn parse(args: Vec<String>) -> Result<Args, (Args, Usage)> {
    let mut out = Args::default();
    let mut problem: Option<Usage> = None;
    let mut note = |u: Usage| {
        if problem.is_none() {
            problem = Some(u);
        }
    };
    let mut rest = args.into_iter();
    let mut options = true;
    while let Some(arg) = rest.next() {
        let lang = if options && arg == "--lang" {
            Some(rest.next())
        } else if options {
            arg.strip_prefix("--lang=").map(|v| Some(v.to_string()))
        } else {
            None
        };
        if let Some(value) = lang {
            match value.as_deref().and_then(Lang::parse) {
                Some(l) => out.lang = l,
                None => note(Usage {
                    zh: format!(
                        "--lang 须为 zh 或 en（给的是 “{}”）",
                        value.unwrap_or_default()
                    ),
                    en: "--lang must be zh or en".into(),
                }),
            }
            continue;
        }
        match arg.as_str() {
            "-h" | "--help" if options => out.help = true,
            "-V" | "--version" if options => out.version = true,
            "--explain" if options => out.explain = true,
            "--json" if options => out.json = true,
            "--" if options => options = false,
            a if options && a.starts_with('-') && a != "-" => note(Usage {
                zh: format!("未知选项 “{a}”"),
                en: format!("unknown option “{a}”"),
            }),
            _ if out.file.is_some() => note(Usage {
                zh: format!("只能给一个文件（多给了 “{arg}”）"),
                en: format!("give one file only (extra: “{arg}”)"),
            }),
            _ => out.file = Some(arg),
        }
    }
    if out.json && out.explain && problem.is_none() {
        problem = Some(Usage {
            zh: "--json 与 --explain 只能选一个".into(),
            en: "choose --json or --explain, not both".into(),
        });
    }
    match problem {
        None => Ok(out),
        Some(u) => Err((out, u)),
    }
}

/// Prints to standard output; a closed pipe (`calculate | head`) is not an error.
fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn eprint(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

fn usage_error(lang: Lang, u: &Usage) -> ExitCode {
    let text = match lang {
        Lang::Zh => format!("命令行有误：{}。用法：calculate --help\n", u.zh),
        Lang::En => format!("usage error: {}. See calculate --lang en --help\n", u.en),
    };
    eprint(&terminal_safe(text.trim_end()));
    eprint("\n");
    ExitCode::from(USAGE_ERROR)
}

/// Reads at most one byte more than a request may have (the engine then says it is too large).
fn read(file: &str, lang: Lang) -> Result<Vec<u8>, Usage> {
    let limit = u64::try_from(MAX_REQUEST_BYTES).unwrap_or(u64::MAX) + 1;
    let mut bytes = Vec::new();
    let outcome = if file == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    match outcome {
        Ok(_) => Ok(bytes),
        Err(e) => {
            let (zh, en) = match e.kind() {
                std::io::ErrorKind::NotFound => ("文件不存在", "no such file"),
                std::io::ErrorKind::PermissionDenied => ("没有读取权限", "permission denied"),
                std::io::ErrorKind::IsADirectory => ("这是一个目录，不是文件", "it is a directory"),
                _ => ("读取失败", "it cannot be read"),
            };
            let name = if file == "-" {
                lang.pick_owned("标准输入", "standard input")
            } else {
                file.to_string()
            };
            Err(Usage {
                zh: format!("无法读取 “{name}”：{zh}"),
                en: format!("cannot read “{name}”: {en}"),
            })
        }
    }
}

trait PickOwned {
    fn pick_owned(self, zh: &str, en: &str) -> String;
}

impl PickOwned for Lang {
    fn pick_owned(self, zh: &str, en: &str) -> String {
        match self {
            Lang::Zh => zh.to_string(),
            Lang::En => en.to_string(),
        }
    }
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1).collect()) {
        Ok(args) => args,
        Err((args, _)) if args.help => args,
        Err((args, u)) => return usage_error(args.lang, &u),
    };
    if args.help {
        print(match args.lang {
            Lang::Zh => HELP_ZH,
            Lang::En => HELP_EN,
        });
        return ExitCode::SUCCESS;
    }
    if args.version {
        print(&format!(
            "calculate (minzheng {})\n",
            env!("CARGO_PKG_VERSION")
        ));
        return ExitCode::SUCCESS;
    }
    let bytes = match &args.file {
        Some(file) => match read(file, args.lang) {
            Ok(bytes) => bytes,
            Err(u) => return usage_error(args.lang, &u),
        },
        None => DEFAULT_HOUSEHOLD.as_bytes().to_vec(),
    };
    let outcome = request_text(&bytes).and_then(|request| {
        if args.json {
            minzheng::calculate_json(request).map(|s| s + "\n")
        } else {
            minzheng::parse_request(request)
                .and_then(|r| minzheng::calculate(&r))
                .map(|r| {
                    if args.explain {
                        explain(&r, args.lang)
                    } else {
                        summary(&r, args.lang)
                    }
                })
        }
    });
    match outcome {
        Ok(text) => {
            print(&text);
            ExitCode::SUCCESS
        }
        Err(e) => {
            // Every line is escaped: the path and the message quote the request.
            eprint(&error_text(&e, args.lang, args.explain));
            ExitCode::from(if e.code == ErrorCode::InvalidParameterData {
                INTERNAL_ERROR
            } else {
                INPUT_ERROR
            })
        }
    }
}
