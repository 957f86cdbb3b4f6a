//! Reverse-mode automatic differentiation of a typed expression.
//!
//! A forward pass walks the graph children-first and stores every node's value v and its local
//! derivatives ∂v/∂child (the rules sit side by side in `rules.rs`, micrograd style). The
//! backward pass starts from the output with adjoint ∂f/∂f = 1 and walks the nodes in reverse,
//! applying the chain rule along every edge:
//!
//! adjoint(child) += adjoint(parent) · ∂parent/∂child,
//!
//! so that when a node is reached all its parents have already been added in and its adjoint is
//! ∂f/∂node. The adjoints of x and y are ∇f. [`Trace`] keeps every number for the chain-rule view;
//! [`Tape`] is the same computation compiled to a flat instruction list, for speed.
//!
//! Conventions at kinks and edges (following PyTorch):
//! - relu′(0) = 0 and |a|′(0) = 0 (the sign function's value at 0).
//! - √a′ at 0 = +∞ (1/(2√0)). A zero adjoint times that ∞ is NaN, as in PyTorch: √(x²) has a
//!   NaN gradient at x = 0.
//! - min and max on a tie split the derivative equally, ½ to each argument (`torch.maximum`).
//!   If either argument is NaN, the value is NaN.
//! - a^b: ∂/∂a = b·a^(b−1), taken as 0 when b = 0; ∂/∂b = a^b·ln a, taken as 0 when a = 0 and
//!   b ≥ 0. With a < 0 the value is real only for whole b (x^2 at x = −3 is 9, (−8)^(1/3) is
//!   NaN), and ∂/∂b is NaN; it is only computed when the exponent depends on x or y.
//! - ln of a negative number, 0/0, and anything computed from NaN are NaN: the value says so and
//!   nothing panics.
//! - sigmoid(a) = 1/(1 + e^−a) and softplus(a) = ln(1 + e^a) are computed in forms that neither
//!   overflow nor lose digits for large |a|.
//! - Parts of the expression that depend on neither x nor y (constants, 2^3) get no adjoint,
//!   like tensors without `requires_grad` in PyTorch: the backward pass does not visit them.

mod rules;
mod tape;

pub use tape::Tape;

use crate::expr::{Expr, Node};

/// One node of a [`Trace`]: what it computes, its value, its local derivatives, its adjoint.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TraceNode {
    /// The operation and the indices of its children.
    pub node: Node,
    /// Its value v at the traced point.
    pub value: f64,
    /// The local derivatives ∂v/∂child, one per child in argument order (unused slots are 0).
    pub local: [f64; 2],
    /// ∂f/∂v, filled in by [`Trace::backward`] (0 before it, and for nodes it does not visit).
    pub adjoint: f64,
    /// Whether v depends on x or y, so that the backward pass visits this node.
    pub needs_grad: bool,
}

impl TraceNode {
    /// The label shown in the chain-rule view ("sin", "*", "x", "2").
    pub fn label(&self) -> String {
        self.node.label()
    }

    /// The indices of the children, in argument order.
    pub fn children(&self) -> Vec<usize> {
        self.node.children()
    }

    /// The local derivatives ∂v/∂child, one per child.
    pub fn local_derivatives(&self) -> &[f64] {
        let n_children = match self.node {
            Node::Unary(..) => 1,
            Node::Binary(..) => 2,
            _ => 0,
        };
        &self.local[..n_children]
    }
}

/// One use of the chain rule in the backward pass, along the edge parent → child:
/// ∂f/∂child += ∂f/∂parent · ∂parent/∂child.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChainStep {
    /// The node whose adjoint is passed down.
    pub parent_idx: usize,
    /// The node receiving it.
    pub child_idx: usize,
    /// Which argument of the parent the child is (0 or 1).
    pub arg_idx: usize,
    /// ∂f/∂parent, complete when this step runs.
    pub parent_adjoint: f64,
    /// ∂parent/∂child, from the forward pass.
    pub local_derivative: f64,
    /// Their product, added to the child's adjoint.
    pub contribution: f64,
    /// The child's adjoint after the addition (its final value once every parent has been seen).
    pub child_adjoint: f64,
}

/// A forward pass at one point, and after [`Trace::backward`] the backward pass, with every
/// number kept: for the chain-rule view, which animates it step by step
/// ("df/du = df/dv · dv/du = 2.00 · 0.54 = 1.08").
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// One entry per expression node, same indices as [`Expr::nodes`].
    nodes: Vec<TraceNode>,
    /// The output node.
    root_idx: usize,
    /// The nodes in the order the backward pass visits them (root first).
    visit_order: Vec<usize>,
    /// Every chain-rule step, in the order taken.
    steps: Vec<ChainStep>,
}

impl Trace {
    /// The forward pass at (x, y): every node's value and local derivatives, children first.
    pub fn forward(expr: &Expr, x: f64, y: f64) -> Trace {
        let mut nodes: Vec<TraceNode> = Vec::with_capacity(expr.n_nodes());
        for &node in expr.nodes() {
            let (value, local, needs_grad) = match node {
                Node::Number(value) => (value, [0.0; 2], false),
                Node::Constant(c) => (c.value(), [0.0; 2], false),
                Node::X => (x, [0.0; 2], true),
                Node::Y => (y, [0.0; 2], true),
                Node::Unary(op, a_idx) => {
                    let (value, da) = rules::unary(op, nodes[a_idx].value);
                    (value, [da, 0.0], nodes[a_idx].needs_grad)
                }
                Node::Binary(op, a_idx, b_idx) => {
                    let (value, local) = rules::binary(op, nodes[a_idx].value, nodes[b_idx].value);
                    let needs_grad = nodes[a_idx].needs_grad || nodes[b_idx].needs_grad;
                    (value, local, needs_grad)
                }
            };
            nodes.push(TraceNode {
                node,
                value,
                local,
                adjoint: 0.0,
                needs_grad,
            });
        }
        Trace {
            nodes,
            root_idx: expr.root_idx(),
            visit_order: Vec::new(),
            steps: Vec::new(),
        }
    }

    /// The backward pass: adjoint(root) = 1, then for each node from the root down (reverse
    /// topological order, so all its parents are done), for each child that depends on x or y,
    /// adjoint(child) += adjoint(node) · ∂node/∂child. Running it again gives the same result.
    pub fn backward(&mut self) {
        self.visit_order.clear();
        self.steps.clear();
        for node in &mut self.nodes {
            node.adjoint = 0.0;
        }
        let Some(root) = self.nodes.get_mut(self.root_idx) else {
            return;
        };
        if !root.needs_grad {
            return;
        }
        // ∂f/∂f = 1.
        root.adjoint = 1.0;
        for parent_idx in (0..=self.root_idx).rev() {
            let parent = self.nodes[parent_idx];
            if !parent.needs_grad {
                continue;
            }
            self.visit_order.push(parent_idx);
            for (arg_idx, child_idx) in parent.children().into_iter().enumerate() {
                if !self.nodes[child_idx].needs_grad {
                    continue;
                }
                // The chain rule along parent → child.
                let contribution = parent.adjoint * parent.local[arg_idx];
                let child = &mut self.nodes[child_idx];
                child.adjoint += contribution;
                self.steps.push(ChainStep {
                    parent_idx,
                    child_idx,
                    arg_idx,
                    parent_adjoint: parent.adjoint,
                    local_derivative: parent.local[arg_idx],
                    contribution,
                    child_adjoint: child.adjoint,
                });
            }
        }
    }

    /// Every node, same indices as the expression's.
    pub fn nodes(&self) -> &[TraceNode] {
        &self.nodes
    }

    /// The index of the output node f.
    pub fn root_idx(&self) -> usize {
        self.root_idx
    }

    /// f at the traced point.
    pub fn value(&self) -> f64 {
        self.nodes.get(self.root_idx).map_or(f64::NAN, |n| n.value)
    }

    /// ∇f = [∂f/∂x, ∂f/∂y]: the adjoints of x and y after [`Trace::backward`] (0 for a variable
    /// the expression does not use).
    pub fn gradient(&self) -> [f64; 2] {
        let adjoint_of = |wanted: Node| {
            self.nodes
                .iter()
                .find(|n| n.node == wanted)
                .map_or(0.0, |n| n.adjoint)
        };
        [adjoint_of(Node::X), adjoint_of(Node::Y)]
    }

    /// The nodes in the order the backward pass visited them: the root first, each node after
    /// all of its parents.
    pub fn visit_order(&self) -> &[usize] {
        &self.visit_order
    }

    /// Every chain-rule step of the backward pass, in order, for step-by-step animation.
    pub fn steps(&self) -> &[ChainStep] {
        &self.steps
    }
}

/// f(x, y) and ∇f(x, y) by a forward and a backward pass over the expression graph.
pub fn value_and_gradient(expr: &Expr, x: f64, y: f64) -> (f64, [f64; 2]) {
    let mut trace = Trace::forward(expr, x, y);
    trace.backward();
    (trace.value(), trace.gradient())
}
