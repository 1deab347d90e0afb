//! The languages ferrometer tells apart.

/// A language row of the footprint.
///
/// The set is the languages of Linux codebases; any other file is
/// [`Lang::Other`], counted as a file but not in lines. Detection rules live
/// in `data/languages.toml` and `ferrometer-source`; this is only the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// C source (`.c`).
    C,
    /// C header (`.h` without C++ constructs).
    CHeader,
    /// C++ source.
    Cpp,
    /// C++ header (`.hpp`, `.hh`, or a `.h` with C++ constructs).
    CppHeader,
    /// Rust.
    Rust,
    /// Assembly (`.S`, `.s`).
    Assembly,
    /// Makefiles and Kbuild files.
    Makefile,
    /// Kconfig files.
    Kconfig,
    /// Device Tree sources (`.dts`, `.dtsi`).
    DeviceTree,
    /// Linker scripts (`.lds`, `.ld`).
    LinkerScript,
    /// Python.
    Python,
    /// Shell scripts.
    Shell,
    /// Perl.
    Perl,
    /// Awk.
    Awk,
    /// YAML.
    Yaml,
    /// JSON.
    Json,
    /// TOML.
    Toml,
    /// reStructuredText.
    ReStructuredText,
    /// Markdown.
    Markdown,
    /// Plain text.
    Text,
    /// Anything else: counted as files, not lines.
    Other,
}

impl Lang {
    /// Every language, in the order of this enum.
    pub const ALL: [Lang; 21] = [
        Lang::C,
        Lang::CHeader,
        Lang::Cpp,
        Lang::CppHeader,
        Lang::Rust,
        Lang::Assembly,
        Lang::Makefile,
        Lang::Kconfig,
        Lang::DeviceTree,
        Lang::LinkerScript,
        Lang::Python,
        Lang::Shell,
        Lang::Perl,
        Lang::Awk,
        Lang::Yaml,
        Lang::Json,
        Lang::Toml,
        Lang::ReStructuredText,
        Lang::Markdown,
        Lang::Text,
        Lang::Other,
    ];

    /// The display name, as in tables and JSON (`"C Header"`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Lang::C => "C",
            Lang::CHeader => "C Header",
            Lang::Cpp => "C++",
            Lang::CppHeader => "C++ Header",
            Lang::Rust => "Rust",
            Lang::Assembly => "Assembly",
            Lang::Makefile => "Makefile",
            Lang::Kconfig => "Kconfig",
            Lang::DeviceTree => "Device Tree",
            Lang::LinkerScript => "Linker Script",
            Lang::Python => "Python",
            Lang::Shell => "Shell",
            Lang::Perl => "Perl",
            Lang::Awk => "Awk",
            Lang::Yaml => "YAML",
            Lang::Json => "JSON",
            Lang::Toml => "TOML",
            Lang::ReStructuredText => "reStructuredText",
            Lang::Markdown => "Markdown",
            Lang::Text => "Plain Text",
            Lang::Other => "Other",
        }
    }

    /// A short lower-case identifier for command lines (`c-header`, `cpp`).
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Lang::C => "c",
            Lang::CHeader => "c-header",
            Lang::Cpp => "cpp",
            Lang::CppHeader => "cpp-header",
            Lang::Rust => "rust",
            Lang::Assembly => "asm",
            Lang::Makefile => "makefile",
            Lang::Kconfig => "kconfig",
            Lang::DeviceTree => "dts",
            Lang::LinkerScript => "ld",
            Lang::Python => "python",
            Lang::Shell => "shell",
            Lang::Perl => "perl",
            Lang::Awk => "awk",
            Lang::Yaml => "yaml",
            Lang::Json => "json",
            Lang::Toml => "toml",
            Lang::ReStructuredText => "rst",
            Lang::Markdown => "markdown",
            Lang::Text => "text",
            Lang::Other => "other",
        }
    }

    /// Looks a language up by display name or id, ignoring case, spaces,
    /// `-` and `_` (`"c header"`, `"C_Header"`, `"c++"` and `"cpp"` all work).
    #[must_use]
    pub fn from_name(s: &str) -> Option<Lang> {
        let key: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .flat_map(char::to_lowercase)
            .collect();
        let alias = match key.as_str() {
            "c++" | "cxx" => Some(Lang::Cpp),
            "c++header" | "cxxheader" | "hpp" => Some(Lang::CppHeader),
            "h" => Some(Lang::CHeader),
            "assembly" | "asm" | "s" => Some(Lang::Assembly),
            "kbuild" | "make" => Some(Lang::Makefile),
            "devicetree" => Some(Lang::DeviceTree),
            "linkerscript" | "lds" => Some(Lang::LinkerScript),
            "sh" | "bash" => Some(Lang::Shell),
            "restructuredtext" | "rest" => Some(Lang::ReStructuredText),
            "md" => Some(Lang::Markdown),
            "plaintext" | "txt" => Some(Lang::Text),
            "yml" => Some(Lang::Yaml),
            "py" => Some(Lang::Python),
            "rs" => Some(Lang::Rust),
            _ => None,
        };
        alias.or_else(|| {
            Lang::ALL.into_iter().find(|l| {
                let id: String = l.id().chars().filter(|c| *c != '-').collect();
                id == key || l.name().to_lowercase().replace(' ', "") == key
            })
        })
    }

    /// Whether lines of this language are prose: every non-blank line is
    /// counted as a comment, as tokei does for Markdown and text.
    #[must_use]
    pub fn is_prose(self) -> bool {
        matches!(self, Lang::Markdown | Lang::ReStructuredText | Lang::Text)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn every_name_and_id_round_trips() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_name(l.name()), Some(l), "{}", l.name());
            assert_eq!(Lang::from_name(l.id()), Some(l), "{}", l.id());
        }
    }

    #[test]
    fn aliases() {
        assert_eq!(Lang::from_name("C++"), Some(Lang::Cpp));
        assert_eq!(Lang::from_name("c_header"), Some(Lang::CHeader));
        assert_eq!(Lang::from_name("Kbuild"), Some(Lang::Makefile));
        assert_eq!(Lang::from_name("cobol"), None);
    }
}
