//! The expression graph compiled to a flat instruction list over a register array.
//!
//! Register r holds node r's value (one register per node, so the backward pass can read every
//! forward value). Numbers and constants are written once, x and y per point, and each
//! instruction computes one node from earlier registers with the same rules as the trace.
//! Over a grid, each instruction runs over a block of [`BLOCK`] points before the next one
//! starts, so the dispatch is paid once per block rather than once per point and the simple
//! loops (+, *, ...) run on SIMD lanes.

use super::rules;
use crate::expr::{Binary, Expr, Node, Unary};
use crate::lanes::{F64s, Vector, LANES};

/// Grid points evaluated together, instruction by instruction.
pub const BLOCK: usize = 64;
// Whole groups of lanes fit in a register's block (see `on_lanes`).
const _: () = assert!(BLOCK % LANES == 0);

/// What an instruction computes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Unary(Unary),
    Binary(Binary),
    /// a^n for a typed whole number n (x^2): `Binary(Pow)` with the exponent known, so grid
    /// blocks multiply instead of calling powf per point.
    PowWhole(i32),
}

/// One instruction: register `dst` = op(register `a`, register `b`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Instr {
    op: Op,
    /// The register written (always larger than `a` and `b`).
    dst: usize,
    /// The first argument's register.
    a: usize,
    /// The second argument's register (equal to `a` for unary operations).
    b: usize,
    /// Whether the backward pass passes the adjoint on to `a` and to `b` (they depend on x or y).
    grad: [bool; 2],
}

/// A compiled expression: evaluates f and ∇f with no allocation per node and no pointer chasing,
/// and evaluates f over whole grids block by block.
#[derive(Clone, Debug, PartialEq)]
pub struct Tape {
    /// Every register's starting value: numbers and constants; 0 for the rest.
    init: Vec<f64>,
    /// The register holding x, if f uses x.
    x_reg: Option<usize>,
    /// The register holding y, if f uses y.
    y_reg: Option<usize>,
    /// The operations in topological order.
    instrs: Vec<Instr>,
    /// The register holding f.
    root: usize,
    /// Whether f depends on x or y at all.
    root_needs_grad: bool,
}

impl Tape {
    /// Compiles `expr`: one register per node, one instruction per operation node.
    pub fn compile(expr: &Expr) -> Tape {
        let nodes = expr.nodes();
        let mut init = vec![0.0; nodes.len()];
        let mut needs_grad = vec![false; nodes.len()];
        let mut instrs = Vec::new();
        let (mut x_reg, mut y_reg) = (None, None);
        for (dst, &node) in nodes.iter().enumerate() {
            match node {
                Node::Number(value) => init[dst] = value,
                Node::Constant(c) => init[dst] = c.value(),
                Node::X => {
                    x_reg = Some(dst);
                    needs_grad[dst] = true;
                }
                Node::Y => {
                    y_reg = Some(dst);
                    needs_grad[dst] = true;
                }
                Node::Unary(op, a) => {
                    needs_grad[dst] = needs_grad[a];
                    instrs.push(Instr {
                        op: Op::Unary(op),
                        dst,
                        a,
                        b: a,
                        grad: [needs_grad[a], false],
                    });
                }
                Node::Binary(op, a, b) => {
                    needs_grad[dst] = needs_grad[a] || needs_grad[b];
                    let whole_exponent = match nodes[b] {
                        Node::Number(value) if op == Binary::Pow => rules::small_whole(value),
                        _ => None,
                    };
                    instrs.push(Instr {
                        op: whole_exponent.map_or(Op::Binary(op), Op::PowWhole),
                        dst,
                        a,
                        b,
                        grad: [needs_grad[a], needs_grad[b]],
                    });
                }
            }
        }
        let root = expr.root_idx().min(nodes.len().saturating_sub(1));
        Tape {
            init,
            x_reg,
            y_reg,
            instrs,
            root,
            root_needs_grad: needs_grad.get(root).copied().unwrap_or(false),
        }
    }

    /// The number of registers (nodes).
    pub fn n_registers(&self) -> usize {
        self.init.len()
    }

    /// f(x, y).
    pub fn eval(&self, x: f64, y: f64) -> f64 {
        let n_regs = self.init.len();
        with_scratch(n_regs, |regs| {
            self.forward(x, y, regs, None);
            regs.get(self.root).copied().unwrap_or(f64::NAN)
        })
    }

    /// f(x, y) and ∇f(x, y) = [∂f/∂x, ∂f/∂y] by reverse mode: the forward pass keeps each
    /// instruction's local derivatives, the backward pass runs the instructions in reverse with
    /// adjoint(arg) += adjoint(dst) · ∂dst/∂arg. Bit for bit the same as the trace.
    pub fn eval_grad(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        let (n_regs, n_instrs) = (self.init.len(), self.instrs.len());
        with_scratch(2 * n_regs + 2 * n_instrs, |scratch| {
            let (regs, rest) = scratch.split_at_mut(n_regs);
            let (adjoint, locals) = rest.split_at_mut(n_regs);
            self.forward(x, y, regs, Some(locals));
            let Some(&value) = regs.get(self.root) else {
                return (f64::NAN, [f64::NAN; 2]);
            };
            if self.root_needs_grad {
                // ∂f/∂f = 1.
                adjoint[self.root] = 1.0;
            }
            for (instr, local) in self.instrs.iter().zip(locals.chunks_exact(2)).rev() {
                let g = adjoint[instr.dst];
                if instr.grad[0] {
                    adjoint[instr.a] += g * local[0];
                }
                if instr.grad[1] {
                    adjoint[instr.b] += g * local[1];
                }
            }
            let of = |reg: Option<usize>| reg.map_or(0.0, |r| adjoint[r]);
            (value, [of(self.x_reg), of(self.y_reg)])
        })
    }

    /// Runs the instructions at (x, y) into `regs` (one per node); with `locals` (two per
    /// instruction), also records each instruction's local derivatives.
    fn forward(&self, x: f64, y: f64, regs: &mut [f64], mut locals: Option<&mut [f64]>) {
        regs.copy_from_slice(&self.init);
        if let Some(r) = self.x_reg {
            regs[r] = x;
        }
        if let Some(r) = self.y_reg {
            regs[r] = y;
        }
        for (instr_idx, instr) in self.instrs.iter().enumerate() {
            let (value, local) = match instr.op {
                Op::Unary(op) => {
                    let (value, da) = rules::unary(op, regs[instr.a]);
                    (value, [da, 0.0])
                }
                Op::Binary(op) => rules::binary(op, regs[instr.a], regs[instr.b]),
                Op::PowWhole(_) => rules::binary(Binary::Pow, regs[instr.a], regs[instr.b]),
            };
            regs[instr.dst] = value;
            if let Some(locals) = locals.as_deref_mut() {
                locals[2 * instr_idx..2 * instr_idx + 2].copy_from_slice(&local);
            }
        }
    }

    /// f over a W×H grid, W = `xs.len()` (one x per column), H = `ys.len()` (one y per row):
    /// `out[row·W + col] = f(xs[col], ys[row])` as f32, each equal to [`Tape::eval`] rounded.
    ///
    /// Rows that do not fit in `out` are skipped, and entries past W×H are left alone.
    pub fn eval_grid(&self, xs: &[f64], ys: &[f64], out: &mut [f32]) {
        let width = xs.len();
        if width == 0 || self.init.is_empty() {
            return;
        }
        let height = ys.len().min(out.len() / width);
        let n_points = width * height;
        let mut regs = vec![0.0; self.init.len() * BLOCK];
        for (r, &value) in self.init.iter().enumerate() {
            regs[r * BLOCK..(r + 1) * BLOCK].fill(value);
        }
        for block_start in (0..n_points).step_by(BLOCK) {
            let n = BLOCK.min(n_points - block_start);
            if let Some(r) = self.x_reg {
                for (i, slot) in regs[r * BLOCK..r * BLOCK + n].iter_mut().enumerate() {
                    *slot = xs[(block_start + i) % width];
                }
            }
            if let Some(r) = self.y_reg {
                for (i, slot) in regs[r * BLOCK..r * BLOCK + n].iter_mut().enumerate() {
                    *slot = ys[(block_start + i) / width];
                }
            }
            for instr in &self.instrs {
                run_block(instr, &mut regs, n);
            }
            let root = &regs[self.root * BLOCK..self.root * BLOCK + n];
            for (o, &v) in out[block_start..block_start + n].iter_mut().zip(root) {
                *o = v as f32;
            }
        }
    }

    /// f and ∇f over a W×H grid laid out as in [`Tape::eval_grid`]: `values[p]` = f and
    /// `gradients[2p..2p + 2]` = [∂f/∂x, ∂f/∂y] at point p, each equal to [`Tape::eval_grad`]
    /// rounded to f32. Meant for sparse grids (a gradient arrow every few pixels), so it runs
    /// point by point. Rows that do not fit in both outputs are skipped.
    pub fn eval_grad_grid(
        &self,
        xs: &[f64],
        ys: &[f64],
        values: &mut [f32],
        gradients: &mut [f32],
    ) {
        let width = xs.len();
        if width == 0 {
            return;
        }
        let height = ys
            .len()
            .min(values.len() / width)
            .min(gradients.len() / (2 * width));
        for (row, &y) in ys[..height].iter().enumerate() {
            for (col, &x) in xs.iter().enumerate() {
                let p = row * width + col;
                let (value, [gx, gy]) = self.eval_grad(x, y);
                values[p] = value as f32;
                gradients[2 * p] = gx as f32;
                gradients[2 * p + 1] = gy as f32;
            }
        }
    }
}

/// Scratch space up to this many numbers lives on the stack (4 KiB); more is allocated.
const STACK_SCRATCH: usize = 512;

/// Calls `f` with `n` zeros of scratch space: on the stack when small (in two sizes, since
/// zeroing is most of the cost of a small expression's evaluation), else on the heap.
fn with_scratch<R>(n: usize, f: impl FnOnce(&mut [f64]) -> R) -> R {
    if n <= STACK_SCRATCH / 8 {
        f(&mut [0.0; STACK_SCRATCH / 8][..n])
    } else if n <= STACK_SCRATCH {
        f(&mut [0.0; STACK_SCRATCH][..n])
    } else {
        f(&mut vec![0.0; n])
    }
}

/// Runs one instruction over the first `n` points of a block. Registers are `BLOCK` apart, and
/// `dst` is above both arguments, so the arguments are read from below the split.
fn run_block(instr: &Instr, regs: &mut [f64], n: usize) {
    let (below, above) = regs.split_at_mut(instr.dst * BLOCK);
    let out = &mut above[..BLOCK];
    let a = &below[instr.a * BLOCK..][..BLOCK];
    let b = &below[instr.b * BLOCK..][..BLOCK];
    // One loop per operation, each with the operation fixed, so the rule inlines into it; the
    // loops of the operations that run on lanes below are left out.
    macro_rules! unary_loops {
        ($op:expr; $($name:ident),*) => {
            match $op {
                $(Unary::$name => {
                    for (o, &a) in out[..n].iter_mut().zip(a) {
                        *o = rules::unary(Unary::$name, a).0;
                    }
                })*
                _ => {}
            }
        };
    }
    macro_rules! binary_loops {
        ($op:expr; $($name:ident),*) => {
            match $op {
                $(Binary::$name => {
                    for ((o, &a), &b) in out[..n].iter_mut().zip(a).zip(b) {
                        *o = rules::binary(Binary::$name, a, b).0;
                    }
                })*
                _ => {}
            }
        };
    }
    match instr.op {
        // +, −, ×, ÷, negation and x² on SIMD lanes: the rules' own IEEE operations, so the
        // same bits.
        Op::Binary(Binary::Add) => on_lanes(out, a, b, n, |a, b| a + b),
        Op::Binary(Binary::Sub) => on_lanes(out, a, b, n, |a, b| a - b),
        Op::Binary(Binary::Mul) => on_lanes(out, a, b, n, |a, b| a * b),
        Op::Binary(Binary::Div) => on_lanes(out, a, b, n, |a, b| a / b),
        Op::Unary(Unary::Neg) => on_lanes(out, a, a, n, |a, _| -a),
        // The same product as the rule for a whole exponent 2.
        Op::PowWhole(2) => on_lanes(out, a, a, n, |a, _| a * a),
        Op::Unary(op) => unary_loops!(op; Sin, Cos, Tan, Exp, Ln, Sqrt, Abs, Tanh, Sigmoid, Relu,
            Softplus),
        Op::Binary(op) => binary_loops!(op; Pow, Min, Max),
        Op::PowWhole(k) => {
            for (o, &a) in out[..n].iter_mut().zip(a) {
                *o = rules::powi(a, k);
            }
        }
    }
}

/// out = op(a, b) over the first `n` values, [`LANES`] at a time: over whole groups of lanes,
/// since registers are `BLOCK` long, a multiple of `LANES` (the few values computed past `n`
/// are never read).
#[inline(always)]
fn on_lanes(out: &mut [f64], a: &[f64], b: &[f64], n: usize, op: impl Fn(F64s, F64s) -> F64s) {
    let n = n.next_multiple_of(LANES);
    let groups = out[..n]
        .chunks_exact_mut(LANES)
        .zip(a[..n].chunks_exact(LANES));
    for ((out, a), b) in groups.zip(b[..n].chunks_exact(LANES)) {
        op(F64s::load(a), F64s::load(b)).store(out);
    }
}
