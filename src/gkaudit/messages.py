"""The Chinese of every input-error message, and the plain words that replace Python's internals.

The raise sites write English (``errors.GkauditError``'s ``where`` and ``expected``); this
catalogue translates them when they are shown. Each entry is an English regular expression,
matched against the whole text, and the Chinese template it becomes. Named groups carry the
variable parts as they are (file names, numbers, ids, JSON paths, quoted values); a group whose
name starts with ``t_`` holds a text that is itself translated (a reason a library gave, a
fragment such as "a string"), one whose name starts with ``or_`` a list of choices ("'T3' or
'T4'"). Entries are tried in order, the specific before the general; a text no entry matches
stays English, so a message added without its translation still reads, and
tests/test_messages.py names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

Catalogue = tuple[tuple[re.Pattern[str], str], ...]


def _compiled(pairs: Iterable[tuple[str, str]]) -> Catalogue:
    return tuple((re.compile(english, re.DOTALL), chinese) for english, chinese in pairs)


_LIMIT = r" \(limit: (?P<t_limit>[^()]+), see docs/limits\.md\)"
"""How every limit of docs/limits.md is named at the end of a message."""

PLACES: Catalogue = _compiled([
    (r"line (?P<line>\d+), column (?P<column>\d+)", "第 {line} 行第 {column} 列"),
    (r"line (?P<line>\d+):(?P<column>\d+)", "第 {line} 行第 {column} 列"),
    (r"line (?P<line>\d+)", "第 {line} 行"),
    (r"part (?P<part>[^,]+)", "部件 {part}"),
    (r"table (?P<table>\d+) row (?P<row>\d+) cell (?P<cell>\d+)", "表 {table} 第 {row} 行第 {cell} 格"),
    (r"table (?P<table>\d+) row (?P<row>\d+)", "表 {table} 第 {row} 行"),
    (r"table (?P<table>\d+)", "表 {table}"),
    (r"page (?P<page>\d+)", "第 {page} 页"),
    (r"p\.(?P<page>\d+)", "第 {page} 页"),
    (r"line (?P<line>\d+) \(byte (?P<byte>\d+)\)", "第 {line} 行（第 {byte} 字节）"),
    (r"byte (?P<byte>\d+)", "第 {byte} 字节"),
    (r"sheet (?P<sheet>.+)", "工作表 {sheet}"),
    (r"--format (?P<format>\S+)", "--format {format}"),
    (r"rule (?P<rule>\S+)", "规则 {rule}"),
    ("top level", "顶层"),
    ("title", "标题"),
    ("tables", "表格"),
    ("narrative", "正文"),
    ("aliases", "别名"),
    ("rules", "规则"),
])
"""The ``where`` of an error, piece by piece (pieces are joined by ", " or " · "); JSON paths,
rule indexes (``rules[0] (T3.TOTAL)``), setting names and options match none and stay as they are."""

LIBRARY: Catalogue = _compiled([
    # OS error texts (strerror), as glibc's Chinese messages say them
    (r"\[Errno -?\d+\] (?P<t_text>.+)", "{t_text}"),
    ("No such file or directory", "没有那个文件或目录"),
    ("Permission denied", "权限不够"),
    ("Is a directory", "是一个目录"),
    ("Not a directory", "不是目录"),
    ("File name too long", "文件名过长"),
    ("Too many levels of symbolic links", "符号链接的层数过多"),
    ("No space left on device", "设备上没有空间"),
    ("Read-only file system", "只读文件系统"),
    ("Invalid argument", "无效的参数"),
    ("Input/output error", "输入/输出错误"),
    ("File exists", "文件已存在"),
    ("Operation not permitted", "不允许的操作"),
    ("Disk quota exceeded", "超出磁盘限额"),
    ("Device or resource busy", "设备或资源忙"),
    ("Symlink loop from (?P<path>.+)", "从 {path} 起的符号链接循环"),
    # json
    ("Expecting value", "此处应有一个值"),
    ("Expecting '(?P<char>.)' delimiter", "此处应有分隔符 '{char}'"),
    ("Expecting property name enclosed in double quotes", "此处应有用双引号括起的键名"),
    ("Unterminated string starting at", "字符串没有结束（从此处开始）"),
    ("Invalid control character at", "字符串中有无效的控制字符"),
    (r"Invalid control character (?P<char>.+) at", "字符串中有无效的控制字符 {char}"),
    (r"Invalid \\escape", "无效的转义符 \\"),
    (r"Invalid \\uXXXX escape", "无效的 \\uXXXX 转义"),
    ("Extra data", "JSON 值之后还有多余内容"),
    # yaml (the problem of a YAMLError)
    ("did not find expected node content", "找不到应有的节点内容"),
    ("did not find expected key", "找不到应有的键"),
    ("did not find expected '-' indicator", "找不到应有的列表项标记 '-'"),
    ("did not find expected alphabetic or numeric character", "找不到应有的字母或数字"),
    (r"did not find expected (?P<or_what>.+)", "找不到应有的 {or_what}"),
    ("mapping values are not allowed here", "此处不允许映射值（多余的冒号？）"),
    ("could not find expected ':'", "找不到应有的 ':'"),
    ("found unexpected end of stream", "文件意外结束"),
    ("found unexpected ':'", "遇到意外的 ':'"),
    ("found a tab character that violates indentation", "遇到违反缩进的制表符"),
    (r"found character (?P<char>.+) that cannot start any token", "遇到不能作为记号开头的字符 {char}"),
    (r"found undefined alias (?P<alias>.+)", "遇到未定义的别名 {alias}"),
    (r"found unknown escape character (?P<char>.+)", "遇到未知的转义字符 {char}"),
    (r"found duplicate anchor (?P<anchor>.+?); first occurrence", "锚点 {anchor} 重复"),
    ("found unhashable key", "遇到不能作为键的值"),
    (r"a date that does not exist \((?P<t_reason>.+)\)", "日期不存在（{t_reason}）"),
    (r"month must be in 1\.\.12", "月份必须在 1 到 12 之间"),
    ("day is out of range for month", "日期超出了该月的天数"),
    (r"year (?P<year>-?\d+) is out of range", "年份 {year} 超出范围"),
    (r"expected (?P<expected><[^>]+>), but found (?P<found>.+)", "此处应为 {expected}，却遇到 {found}"),
    (r"expected (?P<expected>.+?), but found (?P<found>.+)", "此处应为 {expected}，却遇到 {found}"),
    (r"expected (?P<expected>.+?), but got (?P<found>.+)", "此处应为 {expected}，却遇到 {found}"),
    # tomllib
    (r"(?P<t_text>.+) \(at line (?P<line>\d+), column (?P<column>\d+)\)", "{t_text}（第 {line} 行第 {column} 列）"),
    (r"(?P<t_text>.+) \(at end of document\)", "{t_text}（在文件末尾）"),
    ("Invalid value", "无效的值"),
    ("Invalid statement", "无效的语句"),
    ("Expected '=' after a key in a key/value pair", "键之后应有 '='"),
    ("Expected newline or end of document after a statement", "语句之后应换行或结束"),
    ("Invalid initial character for a key part", "键的首字符无效"),
    ("Cannot overwrite a value", "不能覆盖已有的值"),
    (r"Cannot declare (?P<key>.+) twice", "不能两次声明 {key}"),
    ("Unclosed array", "数组没有闭合"),
    ("Unclosed inline table", "内联表没有闭合"),
    ("Unterminated string", "字符串没有结束"),
    (r"Illegal character (?P<char>.+)", "非法字符 {char}"),
    ("Invalid date or datetime", "无效的日期或时间"),
    ("Invalid hex value", "无效的十六进制值"),
    (r"Found invalid character in key name: (?P<char>.+)\. Try quoting the key name\.", "键名中有无效字符 {char}；请给键名加引号"),
    # zip, zlib, lxml, pdfminer
    ("File is not a zip file", "不是 zip 文件"),
    (r"zip file version (?P<version>.+)", "zip 文件版本 {version}"),
    (r"Bad CRC-32 for file (?P<part>.+)", "部件 {part} 的 CRC-32 校验不符"),
    ("Bad magic number for file header", "文件头的标识不对"),
    ("Truncated file header", "文件头不完整"),
    (r"Error -?\d+ while decompressing data: (?P<t_text>.+)", "解压数据出错：{t_text}"),
    (r"Error -?\d+ while decompressing data", "解压数据出错"),
    ("invalid block type", "无效的块类型"),
    ("invalid distance too far back", "回溯距离过远"),
    ("incorrect header check", "头部校验不符"),
    ("invalid stored block lengths", "存储块长度无效"),
    ("invalid code lengths set", "编码长度集无效"),
    ("incomplete or truncated stream", "数据流不完整或被截断"),
    ("Compressed file ended before the end-of-stream marker was reached", "压缩数据在结束标记之前就结束了"),
    (r"Namespace prefix (?P<prefix>\S+) on (?P<element>\S+) is not defined", "元素 {element} 的命名空间前缀 {prefix} 没有定义"),
    (r"Opening and ending tag mismatch: (?P<opening>\S+) line (?P<line>\d+) and (?P<ending>\S+)",
     "开始标签 {opening}（第 {line} 行）与结束标签 {ending} 不匹配"),
    (r"Premature end of data in tag (?P<tag>\S+) line (?P<line>\d+)", "标签 {tag}（第 {line} 行）的数据意外结束"),
    ("Start tag expected, '<' not found", "应有开始标签，未找到 '<'"),
    ("Document is empty", "文档为空"),
    ("Extra content at the end of the document", "文档末尾有多余内容"),
    (r"StartTag: invalid element name", "开始标签：无效的元素名"),
    (r"Char (?P<char>\S+) out of allowed range", "字符 {char} 超出允许范围"),
    (r"xmlParseEntityRef: no name", "实体引用缺少名称"),
    ("not well-formed", "格式不正确"),
    (r"'(?P<element>[^']*)' in namespace '(?P<namespace>[^']*)'", "命名空间 '{namespace}' 中的 '{element}'"),
    (r"Bounding box contains non-number coordinate\(s\): (?P<box>.+)", "边界框含非数字坐标：{box}"),
    (r"No /Root object! - Is this really a PDF\?", "没有 /Root 对象，这真的是 PDF 吗？"),
    ("Unexpected EOF", "文件意外结束"),
    ("no details", "无详细信息"),
    # string.Formatter (a rule's message template)
    ("Single '(?P<brace>[{}])' encountered in format string", "格式字符串中有落单的 '{brace}'"),
    ("expected '}' before end of string", "字符串结束前缺少 '}}'"),
    ("unmatched '{' in format spec", "格式说明中有不配对的 '{{'"),
])
"""Texts that libraries (and the OS) give, which readers pass on as the reason for a refusal."""

FRAGMENTS: Catalogue = _compiled([
    # what a value is, or should be
    ("a string", "字符串"), ("a list", "列表"), ("a mapping", "映射"), ("an object", "对象"),
    ("a boolean", "布尔值"), ("an integer", "整数"), ("a number", "数字"), ("a decimal number", "小数"),
    (r"nothing \(null\)", "空值（null）"), ("a date", "日期"), ("another value", "其他值"),
    ("another kind of value", "其他类型的值"), ("a value", "值"), ("int", "整数"), ("str", "字符串"),
    ("a template id", "模板 id"), ("an integer year", "整数年度"), (r"a year \(an integer\)", "年度（整数）"),
    ("a number, a string or null", "数字、字符串或 null"),
    (r"a JSON object \(a gkaudit report\)", "JSON 对象（一份 gkaudit 报告）"),
    (r"an object such as (?P<example>.+)", "对象，例如 {example}"),
    ("an object with 'rows'", "含 'rows' 的对象"),
    ("an object mapping row ids to rows", "以行 id 为键的对象"),
    ("an object mapping column ids to cells", "以列 id 为键、单元格为值的对象"),
    ("an object with 'body' and 'year'", "含 'body' 和 'year' 的对象"),
    ("an object with table2, table3 and table4", "含 table2、table3 和 table4 的对象"),
    ("sections with 'number', 'heading' and 'text'", "含 'number'、'heading' 和 'text' 的段落"),
    ("notes with 'kind' and 'printed'", "含 'kind' 和 'printed' 的说明"),
    ("sources", "来源"),
    (r"an object \((?P<t_what>.+)\)", "对象（{t_what}）"),
    ("a list of template ids", "模板 id 列表"),
    ("a mapping of variable names to domains", "变量名到取值范围的映射"),
    (r"a mapping of variable names \(strings\) to domains", "变量名（字符串）到取值范围的映射"),
    ("a mapping with 'what', 'why' and 'reference'", "含 'what'、'why' 和 'reference' 的映射"),
    ("a mapping with 'pass' and 'fail'", "含 'pass' 和 'fail' 的映射"),
    (r"a domain such as (?P<example>.+)", "取值范围，例如 {example}"),
    (r"a list of cells such as (?P<example>.+)", "单元格列表，例如 {example}"),
    ("a mapping of the year before's cells to values", "上一年单元格到数值的映射"),
    ("a list of mappings with 'refers_to' and 'reading'", "含 'refers_to' 和 'reading' 的映射列表"),
    (r"an expression such as (?P<example>.+)", "表达式，例如 {example}"),
    (r"a number, more than (?P<bound>.+)", "大于 {bound} 的数字"),
    (r"a number, (?P<bound>.+) or more", "不小于 {bound} 的数字"),
    (r"(?P<t_item>[^()]+?) \((?P<key>[^()]+?) is (?P<t_whole>.+)\)", "{t_item}（{key} 应为{t_whole}）"),
    (r"(?P<t_first>an? [^,;]+?) or (?P<t_second>an? [^,;]+)", "{t_first}或{t_second}"),
    (r"a list of (?P<t_items>.+)", "{t_items}的列表"),
    ("a symbolic link", "符号链接"), (r"a FIFO \(named pipe\)", "FIFO（命名管道）"), ("a character device", "字符设备"),
    ("a block device", "块设备"), ("a socket", "套接字"), ("not a regular file", "非普通文件"),
    ("end of expression", "表达式结尾"), ("message", "消息"), ("help", "帮助"), ("rows", "行"), ("columns", "列"),
    ("row", "行"), ("column", "列"),
    (r"check (?P<check>'.+')", "检查 {check}"),
    (r"an arithmetic rule \(with its for_each variables\)", "算术规则（含其 for_each 变量）"),
    (r"a mapping with a 'rules:' list \(rules:, then each rule as '- id: …' beneath it\)",
     "含 'rules:' 列表的映射（先写 rules:，其下每条规则写作 '- id: …'）"),
    (r"a mapping with a '(?P<key>[^']+):' list", "含 '{key}:' 列表的映射"),
    ("a YAML mapping", "YAML 映射"),
    # the parts of a limit (errors.InputLimitError)
    (r"(?P<count>[\d,]+) table cells", "{count} 个表格单元格"), (r"(?P<count>[\d,]+) cells", "{count} 个单元格"),
    (r"(?P<count>[\d,]+) characters", "{count} 个字符"), (r"(?P<count>[\d,]+) rules", "{count} 条规则"),
    (r"(?P<count>[\d,]+) values", "{count} 个值"),
    (r"a cell of (?P<count>[\d,]+) characters", "长 {count} 个字符的单元格"),
    (r"a narrative of (?P<count>[\d,]+) characters", "长 {count} 个字符的正文"),
    (r"its aliases \(\*name\) expand it to (?P<count>[\d,]+) values", "其别名（*name）展开后共 {count} 个值"),
    (r"an alias \(\*name\) is used inside the list or mapping it names, an endless value",
     "别名（*name）用在它所指的列表或映射之内，会无限展开"),
    ("cell count", "单元格数"), ("text per cell", "单元格文字长度"), ("narrative length", "正文长度"),
    ("rules per file", "每个文件的规则数"), ("YAML aliases", "YAML 别名"), ("digits per number", "每个数字的位数"),
    ("JSON nesting depth", "JSON 嵌套深度"), ("input file size", "输入文件大小"), ("PDF pages", "PDF 页数"),
    (r"\.docx unpacking", ".docx 解压"),
    (r"(?P<number>\S+) \((?P<count>[\d,]+) characters\)", "{number}（共 {count} 个字符）"),
    # a rule expression's problems (rules.expr, rules.linear), before " at column N"
    (r"(?P<t_text>.+) at column (?P<column>\d+)", "{t_text}（第 {column} 列）"),
    (r"expected a number, a cell reference or sum\(\.\.\.\)", "此处应为数字、单元格引用或 sum(...)"),
    ("unexpected text after the expression", "表达式之后有多余的文字"),
    ("unexpected character", "意外的字符"),
    (r"expected a comparison \(==, <=, >=\)", "此处应为比较（==、<=、>=）"),
    (r"the number has (?P<digits>[\d,]+) digits; an expression's numbers have at most (?P<most>\d+)",
     "数字有 {digits} 位；表达式中的数字最多 {most} 位"),
    (r"parentheses are nested more than (?P<most>\d+) deep", "括号嵌套超过 {most} 层"),
    (r"for_each domain (?P<domain>.+?) must be TABLE\.rows, TABLE\.columns or TABLE\.rows\.GROUP",
     "for_each 取值范围 {domain} 必须是 TABLE.rows、TABLE.columns 或 TABLE.rows.GROUP"),
    (r"for_each domain (?P<domain>.+?): (?P<table>\S+) has no (?P<t_kind>\S+) group (?P<group>.+)",
     "for_each 取值范围 {domain}：{table} 没有{t_kind}分组 {group}"),
    (r"(?P<table>\S+) has no (?P<t_kind>\S+) or (?P<t_other>\S+) group (?P<group>.+)", "{table} 没有{t_kind}或{t_other}分组 {group}"),
    (r"unknown table (?P<table>.+)", "未知的表格 {table}"),
    (r"(?P<ref>.+) selects several cells; wrap it in sum\(\.\.\.\)", "{ref} 选中了多个单元格；请用 sum(...) 包起来"),
    (r"(?P<ref>.+) selects no cell of this layout", "{ref} 在此版式中选不到任何单元格"),
    (r"range (?P<range>.+?) runs backwards in (?P<table>.+)", "范围 {range} 在 {table} 中前后颠倒"),
    (r"(?P<table>\S+) has no (?P<t_kind>\S+) (?P<id>.+)", "{table} 没有{t_kind} {id}"),
    (r"variables (?P<names>.+) are not bound by 'for_each'", "变量 {names} 没有在 'for_each' 中绑定"),
    # a check's params (rules.registry.param_problems), joined by "; "
    (r"'params\.(?P<key>[^']+)' is required by check (?P<check>'[^']+')", "检查 {check} 需要 'params.{key}'"),
    (r"'params\.(?P<key>[^']+)' is not a parameter of check (?P<check>'[^']+') \(did you mean (?P<close>'[^']+')\?\); it takes: (?P<known>.+)",
     "'params.{key}' 不是检查 {check} 的参数（是否想写 {close}？）；它接受：{known}"),
    (r"'params\.(?P<key>[^']+)' is not a parameter of check (?P<check>'[^']+'); it takes: (?P<known>.+)",
     "'params.{key}' 不是检查 {check} 的参数；它接受：{known}"),
])
"""Parts of messages: what a value is or should be, the parts of a limit, a rule expression's problems."""

MESSAGES: Catalogue = _compiled([
    # reading the input (inputs, readers)
    ("no such file", "文件不存在"),
    (r"no such file \(the name holds a NUL character\)", "文件不存在（文件名中含有 NUL 字符）"),
    ("is a directory; expected a report file", "是文件夹，应为报告文件"),
    (r"is (?P<t_kind>.+), not a file; gkaudit reads only regular files", "是{t_kind}，不是文件；gkaudit 只读取普通文件"),
    (r"is (?P<size>[\d,]+) bytes or more; gkaudit reads files of at most (?P<most>[\d,]+) bytes" + _LIMIT,
     "有 {size} 字节或更大；gkaudit 只读取不超过 {most} 字节的文件（限制：{t_limit}，见 docs/limits.md）"),
    (r"cannot be read \((?P<t_reason>.+)\)", "无法读取（{t_reason}）"),
    (r"cannot be read: (?P<t_reason>.+)", "无法读取：{t_reason}"),
    ("the file is empty; expected a report", "文件为空，应为一份报告"),
    ("not text in UTF-8 or GB18030, and not a document format gkaudit reads",
     "既不是 UTF-8 或 GB18030 编码的文本，也不是 gkaudit 能读取的文档格式"),
    (r"not a report: text with no report tables; gkaudit reads report JSON, \.docx, \.pdf, HTML, Markdown with pipe "
     r"tables, text saved from Word \(tab-separated rows, or one table cell per line\), or a web page's text",
     "不是报告：文本中没有年报表格；gkaudit 读取报告 JSON、.docx、.pdf、HTML、带竖线表格的 Markdown，"
     "从 Word 另存的纯文本（制表符分隔的行，或每个单元格一行），或网页的文本"),
    ("not a report: no table II, III or IV and no annual-report title", "不是报告：没有表二、表三、表四，也没有年度报告标题"),
    (r"not a report: (?P<t_reason>.+)", "不是报告：{t_reason}"),
    (r"an old binary Word \(\.doc\) file; save it as \.docx and check that", "是旧版二进制 Word（.doc）文件；请另存为 .docx 后再检查"),
    (r"cannot find the report year; expected a title such as (?P<title>.+)", "找不到报告年度；标题应形如 {title}"),
    (r"no table II, III or IV of an annual report was found; is this a government information-disclosure annual "
     r"report \(政府信息公开工作年度报告\)\?",
     "没有找到年报的表二、表三或表四；这是政府信息公开工作年度报告吗？"),
    (r"the part is encrypted \(password-protected\); save the document without a password", "该部件已加密（设了密码）；请去掉密码后另存文档"),
    (r"unsupported zip compression method (?P<method>\S+); expected stored or deflated \(as Word writes\)",
     "不支持的 zip 压缩方式 {method}；应为 stored 或 deflated（Word 保存时所用的方式）"),
    (r"not a readable \.docx \((?P<t_reason>.+)\); is it truncated\?", "不是可读取的 .docx（{t_reason}）；文件是否不完整？"),
    (r"not a readable \.docx: unsupported zip feature \((?P<t_reason>.+)\)", "不是可读取的 .docx：不支持的 zip 特性（{t_reason}）"),
    (r"not a readable \.docx \((?P<t_reason>.+)\)", "不是可读取的 .docx（{t_reason}）"),
    (r"the part cannot be unpacked; its data is corrupt \((?P<t_reason>.+)\)", "该部件无法解压，数据已损坏（{t_reason}）"),
    (r"not well-formed XML: (?P<t_reason>.+)", "XML 格式不正确：{t_reason}"),
    (r"the root element is (?P<t_found>.+); expected w:document with a w:body, in the WordprocessingML namespace \((?P<namespace>.+)\)",
     "根元素是 {t_found}；应为 WordprocessingML 命名空间（{namespace}）中含 w:body 的 w:document"),
    (r"a zip archive but not a Word document \(no word/document\.xml\)", "是 zip 压缩包，但不是 Word 文档（没有 word/document.xml）"),
    (r"refused: it would unpack to (?P<size>[\d,]+) bytes in (?P<count>[\d,]+) entries" + _LIMIT,
     "已拒绝：解压后将有 {size} 字节、{count} 个条目（限制：{t_limit}，见 docs/limits.md）"),
    ("HTML in an encoding that is neither UTF-8 nor GB18030", "HTML 的编码既不是 UTF-8 也不是 GB18030"),
    ("the PDF has no text layer; scanned documents are not supported", "PDF 没有文字层；不支持扫描件"),
    (r"not a readable PDF: a malformed object \((?P<t_reason>.+)\)", "不是可读取的 PDF：对象格式错误（{t_reason}）"),
    (r"not a readable PDF \((?P<t_reason>.+)\); is it truncated or damaged\?", "不是可读取的 PDF（{t_reason}）；文件是否不完整或已损坏？"),
    (r"has (?P<pages>[\d,]+) pages; an annual report has far fewer than (?P<most>[\d,]+)" + _LIMIT,
     "有 {pages} 页；年度报告远少于 {most} 页（限制：{t_limit}，见 docs/limits.md）"),
    # last year's results file (previous)
    ("a results file lists its reports under 'reports'", "结果文件应在 'reports' 下列出各份报告"),
    ("no year_cells: the file was written by an older gkaudit; pass last year's reports, or check them again with "
     "--format json or sqlite",
     "没有 year_cells：该文件由较早版本的 gkaudit 写出；请改为提供上年的报告，或用 --format json 或 sqlite 重新检查它们"),
    (r"a report needs its body \(text\) and year \(an integer\)", "每份报告应有发布机关（文字）和年度（整数）"),
    (r"a cell is table\.row\.column with its value and source", "单元格应写作 表.行.列，并有数值和来源"),
    ("a cell's value is a number or null", "单元格的值应为数字或 null"),
    (r"the layout names a template \((?P<known>.+)\) for each table", "layout 应为每张表指明一个模板（{known}）"),
    (r"not a gkaudit results database \((?P<t_reason>.+)\); pass the file check --format sqlite wrote",
     "不是 gkaudit 的结果数据库（{t_reason}）；请提供 check --format sqlite 写出的文件"),
    # report JSON (readers.json_report, layout)
    (r"(?P<kind>\S+) is not JSON", "{kind} 无法写成 JSON"),
    (r"not valid JSON: (?P<t_reason>.+)", "不是有效的 JSON：{t_reason}"),
    (r"lists and objects are nested more than (?P<most>\d+) deep" + _LIMIT,
     "列表和对象嵌套超过 {most} 层（限制：{t_limit}，见 docs/limits.md）"),
    (r"the string escapes a lone UTF-16 surrogate \(\\ud800–\\udfff without its pair\)",
     "字符串转义了落单的 UTF-16 代理字符（\\ud800–\\udfff 缺少配对的另一半）"),
    (r"unknown source key; expected one of (?P<keys>.+)", "未知的来源键；应为 {keys} 之一"),
    ("a cell object has 'value' and optionally 'source' and 'text'", "单元格对象应有 'value'，可另有 'source' 和 'text'"),
    ("unknown key; a table has 'rows' and optionally 'layout'", "未知的键；表格应有 'rows'，可另有 'layout'"),
    (r"unknown row id; (?P<table>\S+) rows are (?P<ids>.+)", "未知的行 id；{table} 的行有 {ids}"),
    (r"unknown column id; (?P<table>\S+) columns are (?P<ids>.+)", "未知的列 id；{table} 的列有 {ids}"),
    (r"required key is missing \((?P<t_kind>.+)\)", "缺少必需的键（{t_kind}）"),
    (r"unsupported format (?P<found>.+); expected (?P<expected>.+)", "不支持的格式 {found}；应为 {expected}"),
    (r"unknown table; expected (?P<ids>.+)", "未知的表格；应为 {ids} 之一"),
    (r'its rows and columns mix templates; declare "layout" for the table or remove the cells that do not belong',
     '行和列混用了不同模板；请为该表声明 "layout"，或删去不属于它的单元格'),
    (r"the number (?P<t_number>.+?) is out of range: gkaudit reads numbers of at most (?P<digits>\d+) significant digits "
     r"and below 10\^(?P<power>\d+)" + _LIMIT,
     "数字 {t_number} 超出范围：gkaudit 只读取有效数字不超过 {digits} 位、小于 10^{power} 的数（限制：{t_limit}，见 docs/limits.md）"),
    (r"(?P<t_found>.+); gkaudit reads at most (?P<t_most>.+?)" + _LIMIT,
     "{t_found}；gkaudit 最多读取 {t_most}（限制：{t_limit}，见 docs/limits.md）"),
    (r"unknown template (?P<template>.+); expected one of (?P<ids>.+)", "未知的模板 {template}；应为 {ids} 之一"),
    # configuration (config)
    (r"expected a string or a list of strings, got (?P<found>.+)", "应为字符串或字符串列表，实为 {found}"),
    ("expected a table of settings", "应为设置表"),
    (r"is larger than (?P<most>\S+) bytes; is it a configuration file\?", "大于 {most} 字节；这是配置文件吗？"),
    (r"expected a whole number of at least 1, got (?P<found>.+)", "应为不小于 1 的整数，实为 {found}"),
    (r"unknown setting (?P<key>'[^']*'); did you mean (?P<close>'[^']*')\?", "未知的设置 {key}；是否想写 {close}？"),
    (r"unknown setting (?P<key>'[^']*'); expected one of (?P<keys>.+)", "未知的设置 {key}；应为 {keys} 之一"),
    (r"unknown setting (?P<key>\S+)", "未知的设置 {key}"),
    (r"is not UTF-8 text \(save it as UTF-8, CSV UTF-8 in Excel\)", "不是 UTF-8 文本（请另存为 UTF-8，在 Excel 中选“CSV UTF-8”）"),
    ("is not UTF-8 text", "不是 UTF-8 文本"),
    (r"is not valid TOML: (?P<t_reason>.+)", "不是有效的 TOML：{t_reason}"),
    (r"expected the path of a (?P<kind>\S+) file, got (?P<found>.+)", "应为 {kind} 文件的路径，实为 {found}"),
    (r'expected a table of rule = severity, e\.g\. \{ "TABLE\.BLANK" = "error" \}', '应为“规则 = 严重程度”的表，例如 {{ "TABLE.BLANK" = "error" }}'),
    (r"expected true or false, got (?P<found>.+)", "应为 true 或 false，实为 {found}"),
    # decisions (decisions, cli decide)
    (r"each decision must be a mapping \(fingerprint:, verdict:, …\)", "每条决定必须是映射（fingerprint:、verdict:、…）"),
    (r"unknown key; expected some of (?P<keys>.+)", "未知的键；可用的键有 {keys}"),
    (r"expected confirmed or dismissed, got (?P<found>.+)", "应为 confirmed 或 dismissed，实为 {found}"),
    (r"a dismissal needs its justification \(why: …\)", "驳回必须写明理由（why: …）"),
    ("a dismissal needs its justification", "驳回必须写明理由"),
    (r"expected a year, got (?P<found>.+)", "应为年度，实为 {found}"),
    (r"expected a date as YYYY-MM-DD, got (?P<found>.+)", "应为 YYYY-MM-DD 格式的日期，实为 {found}"),
    ("no finding of the reports given has this fingerprint; check --format json lists each finding's",
     "所给报告中没有带此指纹的问题；check --format json 会列出每个问题的指纹"),
    (r"names (?P<count>\d+) findings; give more of the fingerprint", "对应 {count} 个问题；请给出更长的指纹"),
    ("give exactly one of --dismiss and --confirm", "--dismiss 和 --confirm 必须且只能给出一个"),
    (r"missing (?P<key>.+)", "缺少 {key}"),
    # manifest
    (r"is larger than (?P<most>\S+) MiB; is it a manifest\?", "大于 {most} MiB；这是清单文件吗？"),
    (r"each body must be a mapping \(name:, aliases:, parent:, …\)", "每个机关必须是映射（name:、aliases:、parent:、…）"),
    ("expected a list of names", "应为名称列表"),
    (r"expected a mapping of year to file, e\.g\. \{2020: 2020/report\.pdf\}", "应为年度到文件的映射，例如 {{2020: 2020/report.pdf}}"),
    (r"expected the columns (?P<columns>.+?) \(body is required\); unknown column (?P<column>.+)",
     "应有列 {columns}（body 必填）；未知的列 {column}"),
    (r"expected the columns (?P<columns>.+?) \(body is required\)", "应有列 {columns}（body 必填）"),
    (r"expected a name, got (?P<found>.+)", "应为名称，实为 {found}"),
    (r"expected separate or included, got (?P<found>.+)", "应为 separate 或 included，实为 {found}"),
    (r"expected a file path, got (?P<found>.+)", "应为文件路径，实为 {found}"),
    ("year and file go together: which file is this body's report of which year", "year 和 file 须一起给出：哪个文件是该机关哪一年的报告"),
    (r"parent (?P<parent>.+) is not a body of the manifest \(add it with its own entry\)", "上级 {parent} 不是清单中的机关（请为它单独添加一项）"),
    ("is required", "必须填写"),
    (r"(?P<body>.+?): (?P<attribute>\S+) (?P<mine>.+) differs from (?P<theirs>.+) given before", "{body}：{attribute} {mine} 与之前给出的 {theirs} 不同"),
    (r"the name (?P<name>.+) is given to (?P<other>.+) as well", "名称 {name} 也给了 {other}"),
    ("is its own ancestor: the parents form a loop", "是它自己的上级：上级关系形成了循环"),
    (r"its YAML aliases \(\*name\) stand for more than (?P<most>[\d,]+) values", "其 YAML 别名（*name）展开后超过 {most} 个值"),
    # output files (output, cli)
    ("is not a file name; give the file to write", "不是文件名；请给出要写入的文件"),
    ("the file name is longer than 255 bytes, the limit of file systems", "文件名超过 255 字节，即文件系统的上限"),
    ("is a folder; give the file to write in it", "是文件夹；请给出文件夹中要写入的文件"),
    ("is an input file; gkaudit never modifies its input", "是输入文件；gkaudit 从不修改输入"),
    (r"is (?P<t_kind>.+); gkaudit replaces only regular files, even with --force", "是{t_kind}；即使加了 --force，gkaudit 也只替换普通文件"),
    ("already exists; pass --force to overwrite it", "已存在；如要覆盖，请加 --force"),
    (r"folder (?P<folder>.+) does not exist", "文件夹 {folder} 不存在"),
    (r"cannot be written: (?P<t_reason>.+)", "无法写入：{t_reason}"),
    (r"cannot be resolved \((?P<t_reason>.+)\); is it a symlink loop\?", "无法解析（{t_reason}）；是否为符号链接循环？"),
    (r"standard input is larger than (?P<most>\d+) MiB; a report is a few megabytes at most", "标准输入大于 {most} MiB；一份报告最多几 MB"),
    ("no such file; run this in the gkaudit repository or pass --readme", "文件不存在；请在 gkaudit 仓库中运行，或用 --readme 指定"),
    ("is a folder; fix takes one report", "是文件夹；fix 只处理一份报告"),
    ("是 -o 和 --html 的同一个文件", "是 -o 和 --html 的同一个文件"),
    (r"unknown output format (?P<format>.+?); expected one of (?P<known>.+)", "未知的输出格式 {format}；应为 {known} 之一"),
    # documents read since the catalogue was written (encodings, html, legacy_word, spreadsheet)
    (r"not valid (?P<encoding>\S+) text: (?P<t_reason>.+); save it again as UTF-8 or UTF-16",
     "不是有效的 {encoding} 文本：{t_reason}；请重新保存为 UTF-8 或 UTF-16"),
    ("not text in UTF-8, UTF-16 or GB18030/GBK, and not a document format gkaudit reads",
     "不是 UTF-8、UTF-16 或 GB18030/GBK 文本，也不是 gkaudit 能读取的文档格式"),
    ("an HTML page with no content", "HTML 页面没有内容"),
    (r"an old binary Word \(\.doc\) or WPS file that LibreOffice could not convert; is it damaged\? Open it in Word or WPS and save it as \.docx",
     "旧版 Word（.doc）或 WPS 文件，LibreOffice 无法转换；文件是否损坏？请用 Word 或 WPS 打开并另存为 .docx"),
    (r"an old binary Word \(\.doc\) or WPS file, and LibreOffice is not installed to convert it; convert it with `(?P<command>.+)` \(or save it as \.docx\) and check the \.docx",
     "旧版 Word（.doc）或 WPS 文件，而本机未安装用于转换的 LibreOffice；请用 `{command}` 转换（或另存为 .docx）后检查 .docx"),
    (r"an old binary Word \(\.doc\) or WPS file that LibreOffice did not convert within (?P<seconds>\S+) s",
     "旧版 Word（.doc）或 WPS 文件，LibreOffice 未能在 {seconds} 秒内转换"),
    ("the workbook is password-protected; save it without a password", "工作簿设有密码；请去掉密码后保存"),
    (r"not a readable workbook \((?P<t_reason>.+)\); is it truncated or damaged\?", "不是可读取的工作簿（{t_reason}）；文件是否不完整或已损坏？"),
    # rule selection (rules.selection, api)
    ("leave no rule to check", "排除之后没有可检查的规则"),
    (r"no rule id or prefix (?P<token>.+?); did you mean (?P<or_close>.+)\? \(`gkaudit rules` lists them\)",
     "没有规则 id 或前缀 {token}；是否想写 {or_close}？（`gkaudit rules` 可列出全部规则）"),
    (r"no rule id or prefix (?P<token>.+?) \(`gkaudit rules` lists them\)", "没有规则 id 或前缀 {token}（`gkaudit rules` 可列出全部规则）"),
    (r"expected a rule id or prefix, e\.g\. T3 or T3\.TOTAL; got nothing", "应为规则 id 或前缀，例如 T3 或 T3.TOTAL；实际为空"),
    # rule files (yamlio, rules.catalog, rules.registry, rules.selfcheck, templates)
    ("not UTF-8 text; save the file as UTF-8", "不是 UTF-8 文本；请将文件另存为 UTF-8"),
    (r"not valid YAML: (?P<t_reason>.+)", "不是有效的 YAML：{t_reason}"),
    (r"'(?P<key>[^']+)' must be a mapping with 'zh' and 'en' strings", "'{key}' 必须是含 'zh' 和 'en' 字符串的映射"),
    ("an example must be a mapping with 'cells', 'missing', 'notes', 'narrative', 'year' or 'layout'",
     "示例必须是含 'cells'、'missing'、'notes'、'narrative'、'year' 或 'layout' 的映射"),
    (r"unknown example key (?P<key>.+); an example has 'cells', 'missing', 'notes', 'narrative', 'previous', 'children', 'year' or 'layout'",
     "未知的示例键 {key}；示例可有 'cells'、'missing'、'notes'、'narrative'、'previous'、'children'、'year' 或 'layout'"),
    (r"example 'cells' must map 'table\[row, column\]' to a value", "示例的 'cells' 必须把 'table[row, column]' 映射到值"),
    ("example 'children' must be a list of mappings of each child's cells to values", "示例的 'children' 必须是列表，每项把一个下级的单元格映射到值"),
    ("example 'notes' must be a list of mappings", "示例的 'notes' 必须是映射的列表"),
    (r"example 'narrative' must be a list of \{number, heading, text\}", "示例的 'narrative' 必须是 {{number, heading, text}} 的列表"),
    ("a narrative claim needs 'patterns', a list of strings", "正文陈述需要 'patterns'，即字符串列表"),
    (r"every pattern needs the number placeholder \{n\} \(or give 'states'\)", "每个模式都需要数字占位符 {{n}}（或给出 'states'）"),
    (r"every rule needs a string 'id'; found (?P<t_found>.+)", "每条规则都需要字符串 'id'；实为{t_found}"),
    ("every rule needs a string 'id'", "每条规则都需要字符串 'id'"),
    (r"severity is (?P<t_found>.+); expected one of (?P<severities>.+)", "严重程度为{t_found}；应为 {severities} 之一"),
    (r"unknown templates (?P<templates>.+); known: (?P<known>.+)", "未知的模板 {templates}；已知模板：{known}"),
    (r"a rule needs exactly one of 'assert' \(an expression\) or 'check' \(a built-in check\)",
     "规则必须且只能有 'assert'（表达式）和 'check'（内置检查）之一"),
    ("'for_each' must map a variable name to a domain such as table3.columns", "'for_each' 必须把变量名映射到取值范围，例如 table3.columns"),
    ("'params' must be a mapping", "'params' 必须是映射"),
    ("'params.op' must be ==, <= or >=", "'params.op' 必须是 ==、<= 或 >="),
    ("each rule must be a mapping", "每条规则必须是映射"),
    (r"message template is malformed: (?P<t_reason>.+)", "消息模板格式错误：{t_reason}"),
    (r"message uses (?P<field>\{.*\}); a message may use only plain \{field\} names, such as \{cell\} or \{reported\}",
     "消息使用了 {field}；消息只能使用简单的 {{字段}} 名称，例如 {{cell}} 或 {{reported}}"),
    (r"'(?P<key>[^']+)' is malformed: (?P<t_reason>[^\n]+)\n(?P<pointer>.*)", "'{key}' 格式错误：{t_reason}\n{pointer}"),
    (r"duplicate rule id (?P<rule>.+) in the same file", "同一文件中规则 id {rule} 重复"),
    (r"(?P<t_first>'params\.[^;]+); (?P<t_rest>'params\..+)", "{t_first}；{t_rest}"),
    (r"'(?P<key>[^']+)' must be (?P<t_expected>.+); found (?P<t_found>.+)", "'{key}' 应为{t_expected}，实为{t_found}"),
    (r"unknown check (?P<check>'[^']*'); did you mean (?P<or_close>.+)\? \(known checks: (?P<known>.+)\)",
     "未知的检查 {check}；是否想写 {or_close}？（已知的检查：{known}）"),
    (r"unknown check (?P<check>'[^']*') \(known checks: (?P<known>.+)\)", "未知的检查 {check}（已知的检查：{known}）"),
    (r"(?P<t_key>\S+) uses \{(?P<field>[^}]*)\}, which (?P<t_provider>.+) does not provide; it provides (?P<fields>.+)",
     "{t_key}使用了 {{{field}}}，但{t_provider}不提供这个字段；可用的字段有 {fields}"),
    (r"in template (?P<template>\S+): (?P<t_reason>.+)", "在模板 {template} 中：{t_reason}"),
    (r"in template (?P<template>\S+) it can never hold together with the rules before it", "在模板 {template} 中，它与之前的规则不可能同时成立"),
    (r"'params\.(?P<key>[^']+)' in template (?P<template>\S+?)(?: at (?P<scope>[^:]+))?: (?P<t_reason>.+)",
     "模板 {template} 中的 'params.{key}'（{scope}）：{t_reason}"),
    (r"binding (?P<binding>.+) compares a value with itself and can never fail", "绑定 {binding} 把一个值与它自己比较，永远不会失败"),
    (r"group '(?P<group>[^']+)' names unknown (?P<t_kind>\S+) (?P<ids>.+)", "分组 '{group}' 引用了未知的{t_kind} {ids}"),
    (r"template lacks tables (?P<tables>.+)", "模板缺少表格 {tables}"),
    ("expected a mapping with 'zh' and 'en' labels", "应为含 'zh' 和 'en' 标签的映射"),
    (r"column '(?P<column>[^']+)' has kind (?P<kind>.+?); expected one of (?P<kinds>.+)", "列 '{column}' 的类型为 {kind}；应为 {kinds} 之一"),
    (r"column '(?P<column>[^']+)' names unknown group (?P<group>.+)", "列 '{column}' 引用了未知的分组 {group}"),
    (r"row '(?P<row>[^']+)' names unknown columns (?P<columns>.+)", "行 '{row}' 引用了未知的列 {columns}"),
    (r"malformed template \((?P<t_reason>.+)\)", "模板格式错误（{t_reason}）"),
    # the generic shapes last: what was expected, and what was found
    (r"expected one of (?P<choices>.+), got (?P<found>.+)", "应为 {choices} 之一，实为 {found}"),
    (r"expected one of (?P<choices>.+)", "应为 {choices} 之一"),
    (r"expected (?P<t_expected>.+?), found (?P<t_found>.+)", "应为{t_expected}，实为{t_found}"),
    (r"expected (?P<t_expected>.+)", "应为{t_expected}"),
])
"""Whole messages: the ``expected`` of every error the code raises."""

_TEXTS = MESSAGES + FRAGMENTS + LIBRARY


def _translated(text: str, catalogue: Catalogue) -> str | None:
    for pattern, chinese in catalogue:
        match = pattern.fullmatch(text)
        if match is not None:
            return chinese.format(**{name: _part(name, value or "") for name, value in match.groupdict().items()})
    return None


def _part(name: str, value: str) -> str:
    if name.startswith("t_"):
        return translate(value, "zh")
    if name.startswith("or_"):
        return value.replace(" or ", " 或 ")
    return value


_INTERNALS = re.compile(r"\[Errno -?\d+\] ")
"""Python's way of numbering an OS error, which means nothing to the user."""


def translate(text: str, lang: str) -> str:
    """``text`` (a message, or a part of one) in ``lang``; English, and anything the
    catalogue does not know, is returned as it is, without Python's internals."""
    plain = _INTERNALS.sub("", text)
    if lang != "zh" or not plain:
        return plain
    translated = _translated(plain, _TEXTS)
    return plain if translated is None else translated


_PIECES = re.compile(r"(, | · )")


def place(where: str, lang: str) -> str:
    """The ``where`` of an error in ``lang``: its pieces ("part word/document.xml",
    "line 1:12") translated, JSON paths and names kept."""
    if lang != "zh" or not where:
        return where
    whole = _translated(where, PLACES)
    if whole is not None:
        return whole
    pieces = _PIECES.split(where)
    return "".join(" " if piece == ", " else piece if piece == " · " else _translated(piece, PLACES) or piece
                   for piece in pieces)


def covered(text: str) -> bool:
    """Whether the catalogue translates ``text``: a message matched as a whole, or a place
    whose every piece is matched or is a name (no space: a path, an id, an option)."""
    plain = _INTERNALS.sub("", text)
    if any(pattern.fullmatch(plain) for pattern, _ in _TEXTS + PLACES):
        return True
    pieces = [piece for piece in _PIECES.split(plain) if piece not in (", ", " · ")]
    return all(" " not in piece or _translated(piece, PLACES) is not None for piece in pieces)
