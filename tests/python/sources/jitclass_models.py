"""Classes and functions for tests/python/test_jitclass.py: not imported, but executed twice,
once with oxjit's `jitclass`/`njit` in the namespace and once with identity decorators (plain
CPython), so both runs use this very source. The names `jitclass`, `njit`, `np`, the types
and `deferred_type`/`optional` come from that namespace."""


@jitclass([("x", float64), ("y", float64)])
class Point:
    def __init__(self, x, y=0.0):
        self.x = x
        self.y = y

    def norm(self):
        return math.sqrt(self.x * self.x + self.y * self.y)

    def scaled_norm(self, k=2.0):
        return k * self.norm()

    def shift(self, dx, dy):
        self.x += dx
        self.y = self.y + dy
        return self

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    def plus(self, other):
        return Point(self.x + other.x, self.y + other.y)

    def clamped(self, lo):
        return clamp(self.x, lo) + clamp(self.y, lo)

    @property
    def first(self):
        return self.x

    @first.setter
    def first(self, value):
        self.x = value


@njit
def clamp(v, lo):
    return v if v > lo else lo


@jitclass
class Counter:
    count: int64
    total: float64
    flag: boolean

    def __init__(self):
        self.count = 0
        self.total = 0.0
        self.flag = False

    def add(self, v):
        self.count += 1
        self.total += v
        self.flag = self.total > 10.0
        return self.count


@njit
def make_point(x, y):
    return Point(x, y)


@njit
def point_sum(p):
    return p.x + p.y


@njit
def move(p, dx):
    p.x = p.x + dx
    return p


@njit
def norms_of_points(n):
    pts = [Point(float(i), 2.0 * i) for i in range(n)]
    pts.append(Point(-1.0, y=1.0))
    total = 0.0
    for p in pts:
        total += p.norm()
    return total, len(pts), pts


@njit
def sum_x(pts):
    total = 0.0
    for p in pts:
        total += p.x
    return total


@njit
def count_events(values):
    c = Counter()
    for v in values:
        c.add(v)
    return c.count, c.total, c.flag, c


@jitclass([("data", float64[:]), ("n", int64)])
class Buffer:
    def __init__(self, n):
        self.data = np.zeros(n)
        self.n = n

    def fill(self, v):
        for i in range(self.n):
            self.data[i] = v * i

    def total(self):
        return self.data.sum()

    def replace(self, a):
        self.data = a
        self.n = len(a)


@njit
def buffer_total(b):
    return b.total()


@njit
def fresh_buffer(n, v):
    b = Buffer(n)
    b.fill(v)
    return b


node_type = deferred_type()


@jitclass([("value", int64), ("next", optional(node_type))])
class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next


node_type.define(Node.class_type.instance_type)


@njit
def build_linked(n):
    head = None
    for i in range(n):
        head = Node(i, head)
    return head


@njit
def linked_sum(head):
    total = 0
    cur = head
    while cur is not None:
        total += cur.value
        cur = cur.next
    return total


@njit
def linked_to_list(n):
    head = build_linked(n)
    out = []
    cur = head
    while cur is not None:
        out.append(cur.value)
        cur = cur.next
    return out


@njit
def second_value(head):
    return head.next.value


tree_type = deferred_type()


@jitclass([("key", int64), ("left", optional(tree_type)), ("right", optional(tree_type))])
class Tree:
    def __init__(self, key):
        self.key = key
        self.left = None
        self.right = None

    def insert(self, key):
        if key < self.key:
            if self.left is None:
                self.left = Tree(key)
            else:
                self.left.insert(key)
        elif key > self.key:
            if self.right is None:
                self.right = Tree(key)
            else:
                self.right.insert(key)

    def contains(self, key):
        if key == self.key:
            return True
        if key < self.key:
            if self.left is None:
                return False
            return self.left.contains(key)
        if self.right is None:
            return False
        return self.right.contains(key)

    def inorder(self, out):
        if self.left is not None:
            self.left.inorder(out)
        out.append(self.key)
        if self.right is not None:
            self.right.inorder(out)

    def height(self):
        hl = 0
        hr = 0
        if self.left is not None:
            hl = self.left.height()
        if self.right is not None:
            hr = self.right.height()
        return 1 + max(hl, hr)


tree_type.define(Tree.class_type.instance_type)


@njit
def tree_sorted(keys, probes):
    root = Tree(keys[0])
    for k in keys[1:]:
        root.insert(k)
    out = [0]
    out.pop()
    root.inorder(out)
    found = [root.contains(p) for p in probes]
    return out, found, root.height()


@njit
def churn(n):
    total = 0.0
    for i in range(n):
        p = Point(float(i), 1.0)
        b = Buffer(3)
        b.fill(1.0)
        total += p.norm() + b.total()
    head = None
    for i in range(n):
        head = Node(i, head)
        if i % 100 == 99:
            head = None
    return total


@jitclass([("origin", Point.class_type.instance_type), ("radius", float64)])
class Circle:
    def __init__(self, origin, radius):
        self.origin = origin
        self.radius = radius

    def area(self):
        return math.pi * self.radius ** 2

    def move(self, dx):
        self.origin.shift(dx, 0.0)
        return self.origin.x


@njit
def membership(n):
    pts = [Point(1.0 * i) for i in range(n)]
    q = pts[1]
    other = Point(1.0)
    return q in pts, other in pts, pts.index(q), (q, len(pts))


@njit
def sort_points(pts):
    pts.sort()


# Annotations naming the class itself (no deferred_type): `Optional["AnnNode"]`, a string
# annotation, and `X | None`.
import typing  # noqa: E402


@jitclass
class AnnNode:
    value: int
    weight: typing.Optional[float]
    next: typing.Optional["AnnNode"]

    def __init__(self, value, next):
        self.value = value
        self.weight = None if value % 2 else 0.5 * value
        self.next = next


@jitclass
class AnnTree:
    key: "int"
    left: "AnnTree | None"
    right: "typing.Optional[AnnTree]"

    def __init__(self, key):
        self.key = key
        self.left = None
        self.right = None


@njit
def annotated_chain(n):
    head = None
    for i in range(n):
        head = AnnNode(i, head)
    total, weights = 0, 0.0
    while head is not None:
        total += head.value
        w = head.weight
        if w is not None:
            weights += w
        head = head.next
    return total, weights


@njit
def annotated_tree(keys):
    root = AnnTree(keys[0])
    for k in keys[1:]:
        node = root
        while True:
            if k < node.key:
                if node.left is None:
                    node.left = AnnTree(k)
                    break
                node = node.left
            else:
                if node.right is None:
                    node.right = AnnTree(k)
                    break
                node = node.right
    out = []
    stack = [root]
    while len(stack) > 0:
        t = stack.pop()
        out.append(t.key)
        left, right = t.left, t.right
        if left is not None:
            stack.append(left)
        if right is not None:
            stack.append(right)
    return out
