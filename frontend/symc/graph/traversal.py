"""Graph traversals. All are iterative: a chain of 100,000 nodes must not hit
Python's recursion limit."""


def toposort(outputs, blockers=()):
    """The Apply nodes computing ``outputs``, each after the nodes it uses.

    Traversal stops at variables in ``blockers`` (their owners are treated as
    absent). The order is deterministic: inputs are visited left to right.
    """
    blocked = {id(b) for b in blockers}
    done = set()
    order = []
    for out in outputs:
        root = out.owner
        if root is None or id(out) in blocked or id(root) in done:
            continue
        # Depth first with one input iterator per open node: a node is marked
        # when first reached, finished when its iterator is exhausted.
        done.add(id(root))
        stack = [(root, iter(root.inputs))]
        while stack:
            node, pending = stack[-1]
            for var in pending:
                owner = var.owner
                if owner is not None and id(owner) not in done and id(var) not in blocked:
                    done.add(id(owner))
                    stack.append((owner, iter(owner.inputs)))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


def ancestors(outputs, blockers=()):
    """Every variable that ``outputs`` depend on (including themselves), in
    topological order (inputs of a node before its outputs)."""
    blocked = set(map(id, blockers))
    seen = set()
    result = []

    def add(var):
        if id(var) not in seen:
            seen.add(id(var))
            result.append(var)

    for node in toposort(outputs, blockers):
        for var in node.inputs:
            if var.owner is None or id(var) in blocked:
                add(var)
        for var in node.outputs:
            add(var)
    for var in outputs:
        add(var)
    return result


def graph_inputs(outputs, blockers=()):
    """The root variables (no owner, or blocked) that ``outputs`` depend on,
    in order of first use."""
    blocked = set(map(id, blockers))
    return [v for v in ancestors(outputs, blockers) if v.owner is None or id(v) in blocked]


def apply_nodes_between(inputs, outputs):
    """The nodes of the subgraph from ``inputs`` to ``outputs``, in order."""
    return toposort(outputs, blockers=inputs)


def clients(nodes):
    """Maps id(variable) -> list of (node, input position) that use it."""
    result = {}
    for node in nodes:
        for i, var in enumerate(node.inputs):
            result.setdefault(id(var), []).append((node, i))
    return result
