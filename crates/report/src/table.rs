//! A small aligned-table writer shared by the human and markdown formats.

use std::io::{self, Write};

/// Column alignment.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A table built row by row, then written with every column as wide as its
/// widest cell.
pub(crate) struct Table {
    header: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Line>,
}

enum Line {
    Cells(Vec<String>),
    Rule,
}

impl Table {
    pub(crate) fn new(header: Vec<String>, align: Vec<Align>) -> Table {
        Table {
            header,
            align,
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(Line::Cells(cells));
    }

    pub(crate) fn rule(&mut self) {
        self.rows.push(Line::Rule);
    }

    fn widths(&self) -> Vec<usize> {
        let mut w: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for line in &self.rows {
            if let Line::Cells(cells) = line {
                for (i, c) in cells.iter().enumerate() {
                    w[i] = w[i].max(c.chars().count());
                }
            }
        }
        w
    }

    /// Writes the table for a terminal (`human`) or as markdown.
    pub(crate) fn write(&self, human: bool, out: &mut dyn Write) -> io::Result<()> {
        if human {
            self.write_human(out)
        } else {
            self.write_markdown(out)
        }
    }

    /// Writes the table for a terminal: a rule under the header, rules
    /// where [`Table::rule`] was called, two spaces between columns.
    pub(crate) fn write_human(&self, out: &mut dyn Write) -> io::Result<()> {
        let w = self.widths();
        let total = w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
        let rule = "─".repeat(total);
        self.write_cells(out, &self.header, &w)?;
        writeln!(out, "{rule}")?;
        for line in &self.rows {
            match line {
                Line::Cells(cells) => self.write_cells(out, cells, &w)?,
                Line::Rule => writeln!(out, "{rule}")?,
            }
        }
        Ok(())
    }

    fn write_cells(&self, out: &mut dyn Write, cells: &[String], w: &[usize]) -> io::Result<()> {
        let mut line = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = w[i] - c.chars().count();
            if self.align[i] == Align::Right {
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(c);
            } else {
                line.push_str(c);
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", line.trim_end())
    }

    /// Writes a GitHub-flavoured markdown table (rules are left out).
    pub(crate) fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        let esc = |s: &str| s.replace('|', "\\|");
        writeln!(
            out,
            "| {} |",
            self.header
                .iter()
                .map(|h| esc(h))
                .collect::<Vec<_>>()
                .join(" | ")
        )?;
        let seps: Vec<&str> = self
            .align
            .iter()
            .map(|a| if *a == Align::Right { "---:" } else { "---" })
            .collect();
        writeln!(out, "| {} |", seps.join(" | "))?;
        for line in &self.rows {
            if let Line::Cells(cells) = line {
                writeln!(
                    out,
                    "| {} |",
                    cells.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
                )?;
            }
        }
        Ok(())
    }
}
