package io.racex.store.java.instrument;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.commons.JSRInlinerAdapter;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites one class file so that its shared accesses go through {@link Hooks}: field and array
 * reads and writes, monitors and {@code synchronized} methods, {@code wait/notify}, {@code Thread},
 * {@code LockSupport}, locks, conditions, semaphores and latches (replaced by their hooks), and
 * calls on atomics, concurrent and plain JDK collections and {@code VarHandle}s (announced with
 * {@link Hooks#call} and {@link Hooks#returned}). Code sites, fields and JDK methods are registered
 * in {@link Sites} while rewriting, so hooks receive int constants.
 *
 * <p>Each access first asks {@link Hooks#managed()}: when the thread is not explored the
 * original instruction runs alone, so such code pays one check per access (a volatile read and
 * a branch when no interceptor is installed), not the boxing and the hook calls.
 * Monitors that javac wrote ({@code synchronized} blocks) and {@code synchronized} methods lock,
 * for real, what {@link Hooks#monitorEnterTarget} returns, kept in a local of ours, so locking
 * stays balanced on every path and HotSpot still compiles the method; other monitor shapes get
 * the conditional {@link Hooks#monitorEnter} / {@link Hooks#monitorExit}. Method references to
 * hooked JDK methods ({@code Thread::start}) are pointed at synthetic bridges that make the call
 * where it can be instrumented.
 *
 * <p>Left plain: static initializers (statics are set up unmanaged, and hooks of code they call
 * are ignored between {@link Hooks#initializerStart} and {@link Hooks#initializerEnd}), final
 * fields (not steps), stores to a field of this class before the super constructor call (the
 * verifier does not let an uninitialized {@code this} be passed on, and nobody else can see it
 * yet), constructor calls, static methods of the JDK types whose calls are announced (factories
 * such as {@code List.of}, fences).
 *
 * <p>Each class with non-final static fields also gets a synthetic {@value #REINIT} method that
 * puts them back as a fresh JVM would have them: non-final statics to their defaults, then a copy
 * of the static initializer in which stores to final statics are dropped (a final static cannot
 * be stored outside {@code <clinit>}; it keeps its first value). Its real static initializer tells
 * {@link InstrumentingClassLoader#classInitialized} when it has finished, so only initialized
 * classes are reset, in the order they were initialized. Enums get none: re-running their
 * initializer would create second instances of their constants.
 *
 * <p>Other classes' super types and field flags are read from class files through the class
 * loader given to the constructor, never by loading classes, so frames are computed without
 * defining anything in the wrong loader; what cannot be found is treated as
 * {@code java/lang/Object} (frames) or as a plain non-final, non-volatile field.
 */
public final class Transformer {
    /** Name of the synthetic static method that resets a class's static fields. */
    public static final String REINIT = "$racex$reinit";

    private static final String HOOKS = JdkCalls.HOOKS;
    private static final String OBJECT = "java/lang/Object";
    private static final String LOADER = Type.getInternalName(InstrumentingClassLoader.class);

    private final Hierarchy hierarchy;

    /** {@code classFiles}: the class loader whose resources hold the class files of referenced classes. */
    public Transformer(ClassLoader classFiles) {
        this(new Hierarchy(classFiles));
    }

    Transformer(Hierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * The instrumented class file. Module descriptors come back unchanged. A method that would
     * grow past the JVM's 64 KiB code limit is left plain rather than failing the class.
     *
     * @throws IllegalArgumentException if the bytes are not a class file ASM can read
     */
    public byte[] transform(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        if ((reader.getAccess() & ACC_MODULE) != 0) {
            return classFile;
        }
        hierarchy.add(reader);
        Set<String> plain = new HashSet<>();
        while (true) {
            ClassNode node = read(reader);
            rewrite(node, plain);
            ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
                @Override
                protected String getCommonSuperClass(String a, String b) {
                    return hierarchy.commonSuperClass(a, b);
                }
            };
            try {
                node.accept(writer);
                return writer.toByteArray();
            } catch (MethodTooLargeException e) {
                if (!plain.add(e.getMethodName() + e.getDescriptor())) {
                    throw e;
                }
            }
        }
    }

    private static ClassNode read(ClassReader reader) {
        ClassNode node = new ClassNode(ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                // old class files may use JSR/RET, which frame computation cannot handle: inline them
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new JSRInlinerAdapter(method, access, name, descriptor, signature, exceptions);
            }
        };
        reader.accept(node, ClassReader.SKIP_FRAMES);
        return node;
    }

    private void rewrite(ClassNode node, Set<String> plain) {
        MethodNode clinit = null;
        for (MethodNode m : node.methods) {
            if (m.name.equals("<clinit>")) {
                clinit = m;
            }
        }
        MethodNode reinit = needsReinit(node) ? reinit(node, clinit) : null;
        List<MethodNode> bridges = new ArrayList<>();
        for (MethodNode m : node.methods) {
            if (m.instructions.size() > 0 && !m.name.equals("<clinit>") && !plain.contains(m.name + m.desc)) {
                new MethodRewriter(node, m, m.name, bridges).run();
            }
        }
        node.methods.addAll(bridges);
        if (reinit != null) {
            node.methods.add(reinit);
            clinit = announceInitialized(node, clinit);
        }
        if (clinit != null) {
            ignoreHooksDuring(clinit);
        }
    }

    /**
     * Brackets a static initializer with {@link Hooks#initializerStart} and
     * {@link Hooks#initializerEnd}, the end on every return and, through an outermost catch-all
     * handler, when it throws.
     */
    private static void ignoreHooksDuring(MethodNode clinit) {
        List<AbstractInsnNode> returns = new ArrayList<>();
        for (AbstractInsnNode insn : clinit.instructions) {
            if (insn.getOpcode() == RETURN) {
                returns.add(insn);
            }
        }
        InsnList start = new InsnList();
        start.add(hook("initializerStart", "()V"));
        onEveryExit(clinit, start, returns, ret -> {
            InsnList l = new InsnList();
            l.add(hook("initializerEnd", "()V"));
            return l;
        });
    }

    /**
     * Inserts {@code prologue} at the start of {@code method}, then {@code exit} before each of
     * {@code returns} and in a catch-all handler that rethrows ({@code exit} receives the return,
     * or null for the handler). The handler comes after the method's own handlers, so it is the
     * outermost, and covers the body but neither the exit sequences nor itself: an exit sequence
     * that throws is not run a second time.
     */
    private static void onEveryExit(MethodNode method, InsnList prologue, List<AbstractInsnNode> returns,
            java.util.function.Function<AbstractInsnNode, InsnList> exit) {
        InsnList code = method.instructions;
        LabelNode start = new LabelNode();
        prologue.add(start);
        code.insert(prologue);
        List<LabelNode[]> ranges = new ArrayList<>();
        LabelNode rangeStart = start;
        for (AbstractInsnNode ret : returns) {
            LabelNode rangeEnd = new LabelNode();
            LabelNode resume = new LabelNode();
            InsnList l = new InsnList();
            l.add(rangeEnd);
            l.add(exit.apply(ret));
            code.insertBefore(ret, l);
            code.insert(ret, resume);
            ranges.add(new LabelNode[] {rangeStart, rangeEnd});
            rangeStart = resume;
        }
        LabelNode end = new LabelNode();
        LabelNode handler = new LabelNode();
        InsnList tail = new InsnList();
        tail.add(end);
        tail.add(handler);
        tail.add(exit.apply(null));
        tail.add(new InsnNode(ATHROW));
        code.add(tail);
        ranges.add(new LabelNode[] {rangeStart, end});
        for (LabelNode[] r : ranges) {
            if (hasCode(r[0], r[1])) {
                method.tryCatchBlocks.add(new TryCatchBlockNode(r[0], r[1], handler, null));
            }
        }
    }

    private static boolean hasCode(LabelNode from, LabelNode to) {
        for (AbstractInsnNode p = from; p != null && p != to; p = p.getNext()) {
            if (p.getOpcode() >= 0) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- statics reset

    private static boolean needsReinit(ClassNode node) {
        if ((node.access & (ACC_INTERFACE | ACC_ENUM)) != 0) {
            return false;
        }
        for (FieldNode f : node.fields) {
            if (isResettable(f)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isResettable(FieldNode f) {
        return (f.access & ACC_STATIC) != 0 && (f.access & ACC_FINAL) == 0;
    }

    /** {@value #REINIT}: non-final statics to their initial constants, then the initializer without final stores. */
    private static MethodNode reinit(ClassNode node, MethodNode clinit) {
        MethodNode m = new MethodNode(ACC_PRIVATE | ACC_STATIC | ACC_SYNTHETIC, REINIT, "()V", null, null);
        InsnList code = m.instructions;
        Set<String> finalStatics = new HashSet<>();
        for (FieldNode f : node.fields) {
            if (isResettable(f)) {
                code.add(initialValue(f));
                code.add(new FieldInsnNode(PUTSTATIC, node.name, f.name, f.desc));
            } else if ((f.access & ACC_STATIC) != 0) {
                finalStatics.add(f.name + f.desc);
            }
        }
        if (clinit == null) {
            code.add(new InsnNode(RETURN));
            return m;
        }
        Map<LabelNode, LabelNode> labels = new HashMap<>();
        for (AbstractInsnNode insn : clinit.instructions) {
            if (insn instanceof LabelNode label) {
                labels.put(label, new LabelNode());
            }
        }
        for (AbstractInsnNode insn : clinit.instructions) {
            if (insn instanceof FieldInsnNode f && f.getOpcode() == PUTSTATIC && f.owner.equals(node.name)
                    && finalStatics.contains(f.name + f.desc)) {
                code.add(new InsnNode(Type.getType(f.desc).getSize() == 2 ? POP2 : POP));
            } else {
                code.add(insn.clone(labels));
            }
        }
        for (TryCatchBlockNode t : clinit.tryCatchBlocks) {
            m.tryCatchBlocks.add(new TryCatchBlockNode(labels.get(t.start), labels.get(t.end), labels.get(t.handler), t.type));
        }
        m.maxLocals = clinit.maxLocals;
        return m;
    }

    private static AbstractInsnNode initialValue(FieldNode f) {
        if (f.value != null) {
            return new LdcInsnNode(f.value);
        }
        return switch (Type.getType(f.desc).getSort()) {
            case Type.LONG -> new InsnNode(LCONST_0);
            case Type.FLOAT -> new InsnNode(FCONST_0);
            case Type.DOUBLE -> new InsnNode(DCONST_0);
            case Type.OBJECT, Type.ARRAY -> new InsnNode(ACONST_NULL);
            default -> new InsnNode(ICONST_0);
        };
    }

    /** Calls {@link InstrumentingClassLoader#classInitialized} when the real static initializer returns. */
    private static MethodNode announceInitialized(ClassNode node, MethodNode clinit) {
        if (clinit == null) {
            clinit = new MethodNode(ACC_STATIC, "<clinit>", "()V", null, null);
            clinit.instructions.add(new InsnNode(RETURN));
            node.methods.add(clinit);
        }
        for (AbstractInsnNode insn : clinit.instructions.toArray()) {
            if (insn.getOpcode() == RETURN) {
                InsnList l = new InsnList();
                l.add(new LdcInsnNode(Type.getObjectType(node.name)));
                l.add(new MethodInsnNode(INVOKESTATIC, LOADER, "classInitialized", "(Ljava/lang/Class;)V", false));
                clinit.instructions.insertBefore(insn, l);
            }
        }
        return clinit;
    }

    // ---------------------------------------------------------------- methods

    /** Rewrites one method's instructions in place. */
    private final class MethodRewriter {
        private final ClassNode owner;
        private final MethodNode method;
        private final InsnList code;
        private final String className;
        /** The method named in sites: the method itself, or for a bridge the method holding the method reference. */
        private final String siteMethod;
        /** Where bridges for method references go; the caller adds them to the class. */
        private final List<MethodNode> bridges;
        private final Map<Integer, Integer> siteIds = new HashMap<>();
        /** javac's local holding a synchronized block's monitor, to our local holding what was really locked. */
        private final Map<Integer, Integer> lockedLocals = new HashMap<>();
        /** Labels that something jumps to or that start a handler or protected range: hooks are not moved past them. */
        private final Set<LabelNode> pinned = new HashSet<>();
        private int scratchBase;
        private int scratchNext;
        private int line = -1;

        MethodRewriter(ClassNode owner, MethodNode method, String siteMethod, List<MethodNode> bridges) {
            this.owner = owner;
            this.method = method;
            this.code = method.instructions;
            this.className = owner.name.replace('/', '.');
            this.siteMethod = siteMethod;
            this.bridges = bridges;
        }

        void run() {
            boolean balanced = planMonitors();
            int synchronizedOrig = -1;
            int synchronizedLocked = -1;
            if ((method.access & ACC_SYNCHRONIZED) != 0) {
                synchronizedOrig = method.maxLocals++;
                synchronizedLocked = method.maxLocals++;
            }
            scratchBase = method.maxLocals;
            List<AbstractInsnNode> returns = new ArrayList<>();
            boolean thisReady = !method.name.equals("<init>");
            int pendingNew = 0;
            for (AbstractInsnNode insn : code.toArray()) {
                if (insn instanceof LineNumberNode ln) {
                    line = ln.line;
                    continue;
                }
                scratchNext = scratchBase;
                int op = insn.getOpcode();
                switch (op) {
                    case NEW -> pendingNew++;
                    case GETFIELD, GETSTATIC, PUTFIELD, PUTSTATIC -> field((FieldInsnNode) insn, thisReady);
                    case IALOAD, LALOAD, FALOAD, DALOAD, AALOAD, BALOAD, CALOAD, SALOAD -> arrayLoad(insn);
                    case IASTORE, LASTORE, FASTORE, DASTORE, AASTORE, BASTORE, CASTORE, SASTORE -> arrayStore(insn);
                    case MONITORENTER -> monitorEnter(insn, balanced);
                    case MONITOREXIT -> monitorExit(insn, balanced);
                    case INVOKEVIRTUAL, INVOKEINTERFACE, INVOKESTATIC, INVOKESPECIAL -> {
                        MethodInsnNode call = (MethodInsnNode) insn;
                        if (op == INVOKESPECIAL && call.name.equals("<init>")) {
                            // the first constructor call not matching a NEW is this(...) or super(...)
                            if (pendingNew > 0) {
                                pendingNew--;
                            } else {
                                thisReady = true;
                            }
                        } else {
                            invoke(call);
                        }
                    }
                    case INVOKEDYNAMIC -> methodReference((InvokeDynamicInsnNode) insn);
                    case IRETURN, LRETURN, FRETURN, DRETURN, ARETURN, RETURN -> returns.add(insn);
                    default -> { }
                }
            }
            if (synchronizedOrig >= 0) {
                wrapSynchronized(synchronizedOrig, synchronizedLocked, returns);
            }
            method.maxLocals = Math.max(method.maxLocals, scratchBase);
        }

        private int site() {
            return siteIds.computeIfAbsent(line, l -> Sites.site(className, siteMethod, owner.sourceFile, l));
        }

        /** A local for the current instruction's expansion only; reused by the next instruction. */
        private int scratch(Type t) {
            int local = scratchNext;
            scratchNext += t.getSize();
            method.maxLocals = Math.max(method.maxLocals, scratchNext);
            return local;
        }

        /**
         * {@code if (!Hooks.managed()) insn; else { before; insn; after; }}: unmanaged code pays
         * one check per access (a volatile read when no interceptor is installed), not the boxing
         * and hook calls. {@code before} and {@code after} leave the
         * stack as {@code insn} alone would, so both paths meet with the same frame.
         */
        private void guarded(AbstractInsnNode insn, InsnList before, InsnList after) {
            LabelNode plain = new LabelNode();
            LabelNode done = new LabelNode();
            InsnList l = new InsnList();
            l.add(hook("managed", "()Z"));
            l.add(new JumpInsnNode(IFEQ, plain));
            l.add(before);
            l.add(insn.clone(Map.of()));
            l.add(after);
            l.add(new JumpInsnNode(GOTO, done));
            l.add(plain);
            code.insertBefore(insn, l);
            code.insert(insn, done);
        }

        // ---- fields

        private void field(FieldInsnNode f, boolean thisReady) {
            int op = f.getOpcode();
            if (op == PUTFIELD && !thisReady && f.owner.equals(owner.name)) {
                return; // a store to this before super(...): the verifier forbids passing an uninitialized this on
            }
            Hierarchy.FieldInfo info = hierarchy.field(f.owner, f.name, f.desc);
            if (info != null && info.isFinal()) {
                return;
            }
            boolean isStatic = op == GETSTATIC || op == PUTSTATIC;
            String declaring = info != null ? info.owner() : f.owner;
            int field = Sites.field(declaring.replace('/', '.'), f.name, f.desc, isStatic, info != null && info.isVolatile());
            Type type = Type.getType(f.desc);
            InsnList before = new InsnList();
            InsnList after = new InsnList();
            switch (op) {
                case GETFIELD, GETSTATIC -> {
                    before.add(op == GETFIELD ? new InsnNode(DUP) : new InsnNode(ACONST_NULL));
                    before.add(push(field));
                    before.add(push(site()));
                    before.add(hook("readField", "(Ljava/lang/Object;II)V"));
                    after.add(valueAfter(type));
                }
                case PUTFIELD -> {
                    // owner, value -> owner, value, owner, boxed value; a long or double goes through a local
                    int v = type.getSize() == 2 ? scratch(type) : -1;
                    if (v < 0) {
                        before.add(new InsnNode(DUP2));
                    } else {
                        before.add(new VarInsnNode(type.getOpcode(ISTORE), v));
                        before.add(new InsnNode(DUP));
                        before.add(new VarInsnNode(type.getOpcode(ILOAD), v));
                    }
                    box(before, type, true);
                    before.add(push(field));
                    before.add(push(site()));
                    before.add(hook("writeField", "(Ljava/lang/Object;Ljava/lang/Object;II)V"));
                    if (v >= 0) {
                        before.add(new VarInsnNode(type.getOpcode(ILOAD), v));
                    }
                }
                default -> { // PUTSTATIC
                    before.add(new InsnNode(type.getSize() == 2 ? DUP2 : DUP));
                    box(before, type, true);
                    before.add(new InsnNode(ACONST_NULL));
                    before.add(new InsnNode(SWAP));
                    before.add(push(field));
                    before.add(push(site()));
                    before.add(hook("writeField", "(Ljava/lang/Object;Ljava/lang/Object;II)V"));
                }
            }
            guarded(f, before, after);
        }

        /** After a read: {@link Hooks#value} with a boxed copy of what is on top of the stack. */
        private InsnList valueAfter(Type type) {
            InsnList after = new InsnList();
            after.add(new InsnNode(type.getSize() == 2 ? DUP2 : DUP));
            box(after, type, false);
            after.add(hook("value", "(Ljava/lang/Object;)V"));
            return after;
        }

        // ---- arrays

        private void arrayLoad(AbstractInsnNode insn) {
            InsnList before = new InsnList();
            before.add(new InsnNode(DUP2));
            before.add(push(site()));
            before.add(hook("readArray", "(Ljava/lang/Object;II)V"));
            if (insn.getOpcode() != BALOAD) {
                guarded(insn, before, valueAfter(elementType(insn.getOpcode())));
                return;
            }
            // byte[] and boolean[] share BALOAD: keep the array to box the value as what it is
            before.add(new InsnNode(SWAP));
            before.add(new InsnNode(DUP_X1));
            before.add(new InsnNode(SWAP)); // array, array, index
            InsnList after = new InsnList();
            after.add(new InsnNode(DUP_X1)); // value, array, value
            after.add(new InsnNode(SWAP)); // value, value, array
            LabelNode isByte = new LabelNode();
            LabelNode done = new LabelNode();
            after.add(new TypeInsnNode(INSTANCEOF, "[Z"));
            after.add(new JumpInsnNode(IFEQ, isByte));
            box(after, Type.BOOLEAN_TYPE, false);
            after.add(new JumpInsnNode(GOTO, done));
            after.add(isByte);
            box(after, Type.BYTE_TYPE, false);
            after.add(done);
            after.add(hook("value", "(Ljava/lang/Object;)V"));
            guarded(insn, before, after);
        }

        private void arrayStore(AbstractInsnNode insn) {
            Type type = elementType(insn.getOpcode());
            int value = scratch(type);
            int index = scratch(Type.INT_TYPE);
            int array = scratch(Type.getObjectType(OBJECT));
            InsnList before = new InsnList();
            before.add(new VarInsnNode(type.getOpcode(ISTORE), value));
            before.add(new VarInsnNode(ISTORE, index));
            before.add(new VarInsnNode(ASTORE, array));
            before.add(new VarInsnNode(ALOAD, array));
            before.add(new VarInsnNode(ILOAD, index));
            if (insn.getOpcode() == BASTORE) {
                LabelNode isByte = new LabelNode();
                LabelNode done = new LabelNode();
                before.add(new VarInsnNode(ALOAD, array));
                before.add(new TypeInsnNode(INSTANCEOF, "[Z"));
                before.add(new JumpInsnNode(IFEQ, isByte));
                before.add(new VarInsnNode(ILOAD, value));
                box(before, Type.BOOLEAN_TYPE, true);
                before.add(new JumpInsnNode(GOTO, done));
                before.add(isByte);
                before.add(new VarInsnNode(ILOAD, value));
                box(before, Type.BYTE_TYPE, true);
                before.add(done);
            } else {
                before.add(new VarInsnNode(type.getOpcode(ILOAD), value));
                box(before, type, true);
            }
            before.add(push(site()));
            before.add(hook("writeArray", "(Ljava/lang/Object;ILjava/lang/Object;I)V"));
            before.add(new VarInsnNode(ALOAD, array));
            before.add(new VarInsnNode(ILOAD, index));
            before.add(new VarInsnNode(type.getOpcode(ILOAD), value));
            guarded(insn, before, new InsnList());
        }

        private static Type elementType(int opcode) {
            return switch (opcode) {
                case IALOAD, IASTORE -> Type.INT_TYPE;
                case LALOAD, LASTORE -> Type.LONG_TYPE;
                case FALOAD, FASTORE -> Type.FLOAT_TYPE;
                case DALOAD, DASTORE -> Type.DOUBLE_TYPE;
                case BALOAD, BASTORE -> Type.BYTE_TYPE;
                case CALOAD, CASTORE -> Type.CHAR_TYPE;
                case SALOAD, SASTORE -> Type.SHORT_TYPE;
                default -> Type.getObjectType(OBJECT);
            };
        }

        // ---- monitors

        /**
         * Whether every monitor of this method follows javac's shape ({@code dup; astore n;
         * monitorenter} ... {@code aload n; monitorexit}): then each enter gets a local of ours
         * holding what was really locked, and locking stays balanced. Otherwise the method falls
         * back to conditional MONITORENTER/MONITOREXIT.
         */
        private boolean planMonitors() {
            Set<Integer> entered = new HashSet<>();
            List<AbstractInsnNode> exits = new ArrayList<>();
            for (AbstractInsnNode insn : code) {
                if (insn.getOpcode() == MONITORENTER) {
                    AbstractInsnNode store = insn.getPrevious();
                    if (store == null || store.getOpcode() != ASTORE || store.getPrevious() == null
                            || store.getPrevious().getOpcode() != DUP) {
                        return false;
                    }
                    entered.add(((VarInsnNode) store).var);
                } else if (insn.getOpcode() == MONITOREXIT) {
                    exits.add(insn);
                } else if (insn instanceof JumpInsnNode j) {
                    pinned.add(j.label);
                } else if (insn instanceof TableSwitchInsnNode s) {
                    pinned.add(s.dflt);
                    pinned.addAll(s.labels);
                } else if (insn instanceof LookupSwitchInsnNode s) {
                    pinned.add(s.dflt);
                    pinned.addAll(s.labels);
                }
            }
            for (AbstractInsnNode exit : exits) {
                AbstractInsnNode load = exit.getPrevious();
                if (load == null || load.getOpcode() != ALOAD || !entered.contains(((VarInsnNode) load).var)) {
                    return false;
                }
            }
            for (TryCatchBlockNode t : method.tryCatchBlocks) {
                pinned.add(t.start);
                pinned.add(t.handler);
            }
            for (int n : entered) {
                lockedLocals.put(n, method.maxLocals++);
            }
            return true;
        }

        private void monitorEnter(AbstractInsnNode insn, boolean balanced) {
            InsnList l = new InsnList();
            if (balanced) {
                int monitorLocal = ((VarInsnNode) insn.getPrevious()).var;
                LabelNode unmanaged = new LabelNode();
                l.add(hook("managed", "()Z"));
                l.add(new JumpInsnNode(IFEQ, unmanaged));
                l.add(push(site()));
                l.add(hook("monitorEnterTarget", "(Ljava/lang/Object;I)Ljava/lang/Object;"));
                l.add(unmanaged);
                l.add(new InsnNode(DUP));
                l.add(new VarInsnNode(ASTORE, lockedLocals.get(monitorLocal)));
                code.insertBefore(insn, l);
                return;
            }
            conditional(insn, "monitorEnter");
        }

        private void monitorExit(AbstractInsnNode insn, boolean balanced) {
            if (!balanced) {
                conditional(insn, "monitorExit");
                return;
            }
            VarInsnNode load = (VarInsnNode) insn.getPrevious();
            int monitorLocal = load.var;
            load.var = lockedLocals.get(monitorLocal);
            // announce after the real exit, and past the end of javac's protected range if it ends
            // here: a hook that throws must not re-enter javac's handler, which covers itself
            AbstractInsnNode at = insn;
            while (at.getNext() instanceof LabelNode next && !pinned.contains(next)) {
                at = next;
            }
            InsnList l = new InsnList();
            LabelNode unmanaged = new LabelNode();
            l.add(hook("managed", "()Z"));
            l.add(new JumpInsnNode(IFEQ, unmanaged));
            l.add(new VarInsnNode(ALOAD, monitorLocal));
            l.add(push(site()));
            l.add(hook("monitorExit", "(Ljava/lang/Object;I)Z"));
            l.add(new InsnNode(POP));
            l.add(unmanaged);
            code.insert(at, l);
        }

        /** {@code if (Hooks.monitorX(o, site)) MONITORX o; else pop}. */
        private void conditional(AbstractInsnNode insn, String hook) {
            LabelNode skip = new LabelNode();
            LabelNode done = new LabelNode();
            InsnList before = new InsnList();
            before.add(new InsnNode(DUP));
            before.add(push(site()));
            before.add(hook(hook, "(Ljava/lang/Object;I)Z"));
            before.add(new JumpInsnNode(IFEQ, skip));
            code.insertBefore(insn, before);
            InsnList after = new InsnList();
            after.add(new JumpInsnNode(GOTO, done));
            after.add(skip);
            after.add(new InsnNode(POP));
            after.add(done);
            code.insert(insn, after);
        }

        /**
         * A synchronized method becomes a plain one that locks its monitor itself: enter at the
         * start, exit before each return, and a catch-all handler (outermost, so after the
         * method's own handlers) that exits and rethrows. The handler covers the body but not
         * the exit sequences nor itself, so a hook that throws while exiting is not caught again.
         */
        private void wrapSynchronized(int origLocal, int lockedLocal, List<AbstractInsnNode> returns) {
            method.access &= ~ACC_SYNCHRONIZED;
            int firstLine = -1;
            for (AbstractInsnNode insn : code) {
                if (insn instanceof LineNumberNode ln) {
                    firstLine = ln.line;
                    break;
                }
            }
            line = firstLine;
            InsnList enter = new InsnList();
            if ((method.access & ACC_STATIC) != 0) {
                enter.add(new LdcInsnNode(Type.getObjectType(owner.name)));
            } else {
                enter.add(new VarInsnNode(ALOAD, 0));
            }
            enter.add(new InsnNode(DUP));
            enter.add(new VarInsnNode(ASTORE, origLocal));
            enter.add(push(site()));
            enter.add(hook("monitorEnterTarget", "(Ljava/lang/Object;I)Ljava/lang/Object;"));
            enter.add(new InsnNode(DUP));
            enter.add(new VarInsnNode(ASTORE, lockedLocal));
            enter.add(new InsnNode(MONITORENTER));
            int methodLine = firstLine;
            onEveryExit(method, enter, returns, ret -> {
                line = ret == null ? methodLine : lineOf(ret);
                return exitSequence(origLocal, lockedLocal);
            });
        }

        private InsnList exitSequence(int origLocal, int lockedLocal) {
            InsnList l = new InsnList();
            l.add(new VarInsnNode(ALOAD, lockedLocal));
            l.add(new InsnNode(MONITOREXIT));
            l.add(new VarInsnNode(ALOAD, origLocal));
            l.add(push(site()));
            l.add(hook("monitorExit", "(Ljava/lang/Object;I)Z"));
            l.add(new InsnNode(POP));
            return l;
        }

        private int lineOf(AbstractInsnNode insn) {
            for (AbstractInsnNode p = insn; p != null; p = p.getPrevious()) {
                if (p instanceof LineNumberNode ln) {
                    return ln.line;
                }
            }
            return -1;
        }

        // ---- calls

        private void invoke(MethodInsnNode call) {
            int op = call.getOpcode();
            JdkCalls.Replacement r = JdkCalls.replacement(hierarchy, op, call.owner, call.name, call.desc);
            if (r != null) {
                if (!r.name().equals("currentThread")) {
                    code.insertBefore(call, push(site()));
                }
                call.setOpcode(INVOKESTATIC);
                call.owner = HOOKS;
                call.name = r.name();
                call.desc = r.descriptor();
                call.itf = false;
                return;
            }
            if (op != INVOKESTATIC && JdkCalls.announced(call.owner, call.name)) {
                announce(call);
            }
        }

        /**
         * A method reference ({@code Thread::start}, {@code map::put}, {@code counter::incrementAndGet})
         * calls its target from a JDK-generated class, out of the transformer's reach. When the
         * target is a call that would be replaced or announced, the lambda is pointed instead at a
         * synthetic static bridge of this class that makes the call, instrumented like any call
         * here, with the method reference's line. Serializable lambdas keep their target: their
         * deserialization checks it by name.
         */
        private void methodReference(InvokeDynamicInsnNode indy) {
            Handle bsm = indy.bsm;
            if (!bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory") || indy.bsmArgs.length < 3
                    || !(indy.bsmArgs[1] instanceof Handle target)) {
                return;
            }
            if (bsm.getName().equals("altMetafactory")
                    && (((Integer) indy.bsmArgs[3]) & java.lang.invoke.LambdaMetafactory.FLAG_SERIALIZABLE) != 0) {
                return;
            }
            int opcode = switch (target.getTag()) {
                case H_INVOKEVIRTUAL -> INVOKEVIRTUAL;
                case H_INVOKEINTERFACE -> INVOKEINTERFACE;
                case H_INVOKESTATIC -> INVOKESTATIC;
                default -> -1; // constructors and private/super calls are never hooked
            };
            if (opcode < 0 || (JdkCalls.replacement(hierarchy, opcode, target.getOwner(), target.getName(), target.getDesc()) == null
                    && (opcode == INVOKESTATIC || !JdkCalls.announced(target.getOwner(), target.getName())))) {
                return;
            }
            String descriptor = opcode == INVOKESTATIC ? target.getDesc()
                    : "(L" + target.getOwner() + ";" + target.getDesc().substring(1);
            MethodNode bridge = new MethodNode(ACC_PRIVATE | ACC_STATIC | ACC_SYNTHETIC,
                    "lambda$racex$" + bridges.size(), descriptor, null, null);
            LabelNode first = new LabelNode();
            bridge.instructions.add(first);
            if (line > 0) {
                bridge.instructions.add(new LineNumberNode(line, first));
            }
            int local = 0;
            for (Type t : Type.getArgumentTypes(descriptor)) {
                bridge.instructions.add(new VarInsnNode(t.getOpcode(ILOAD), local));
                local += t.getSize();
            }
            bridge.instructions.add(new MethodInsnNode(opcode, target.getOwner(), target.getName(), target.getDesc(),
                    target.isInterface()));
            bridge.instructions.add(new InsnNode(Type.getReturnType(descriptor).getOpcode(IRETURN)));
            bridge.maxLocals = local;
            new MethodRewriter(owner, bridge, siteMethod, bridges).run();
            bridges.add(bridge);
            indy.bsmArgs[1] = new Handle(H_INVOKESTATIC, owner.name, bridge.name, descriptor,
                    (owner.access & ACC_INTERFACE) != 0);
        }

        /** {@code Hooks.call(receiver, method, args, site)}, the real call, then {@code Hooks.returned(result)}. */
        private void announce(MethodInsnNode call) {
            Type[] args = Type.getArgumentTypes(call.desc);
            int[] locals = new int[args.length];
            for (int i = 0; i < args.length; i++) {
                locals[i] = scratch(args[i]);
            }
            InsnList before = new InsnList();
            for (int i = args.length - 1; i >= 0; i--) {
                before.add(new VarInsnNode(args[i].getOpcode(ISTORE), locals[i]));
            }
            before.add(new InsnNode(DUP));
            before.add(push(Sites.method(call.owner.replace('/', '.'), call.name, call.desc)));
            before.add(push(args.length));
            before.add(new TypeInsnNode(ANEWARRAY, OBJECT));
            for (int i = 0; i < args.length; i++) {
                before.add(new InsnNode(DUP));
                before.add(push(i));
                before.add(new VarInsnNode(args[i].getOpcode(ILOAD), locals[i]));
                box(before, args[i], false);
                before.add(new InsnNode(AASTORE));
            }
            before.add(push(site()));
            before.add(hook("call", "(Ljava/lang/Object;I[Ljava/lang/Object;I)V"));
            for (int i = 0; i < args.length; i++) {
                before.add(new VarInsnNode(args[i].getOpcode(ILOAD), locals[i]));
            }
            Type result = Type.getReturnType(call.desc);
            InsnList after = new InsnList();
            if (result.getSort() != Type.VOID) {
                after.add(new InsnNode(result.getSize() == 2 ? DUP2 : DUP));
                box(after, result, false);
                after.add(hook("returned", "(Ljava/lang/Object;)V"));
            }
            guarded(call, before, after);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static MethodInsnNode hook(String name, String descriptor) {
        return new MethodInsnNode(INVOKESTATIC, HOOKS, name, descriptor, false);
    }

    private static AbstractInsnNode push(int value) {
        if (value >= -1 && value <= 5) {
            return new InsnNode(ICONST_0 + value);
        }
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            return new IntInsnNode(BIPUSH, value);
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return new IntInsnNode(SIPUSH, value);
        }
        return new LdcInsnNode(value);
    }

    /**
     * Boxes the primitive on top of the stack (references stay as they are). {@code stored}: the
     * value is about to be stored into a narrower slot, so box what the slot will hold (a boolean
     * keeps its lowest bit, JVMS putfield / bastore).
     */
    private static void box(InsnList l, Type type, boolean stored) {
        String wrapper;
        switch (type.getSort()) {
            case Type.BOOLEAN -> {
                if (stored) {
                    l.add(new InsnNode(ICONST_1));
                    l.add(new InsnNode(IAND));
                }
                wrapper = "java/lang/Boolean";
            }
            case Type.BYTE -> {
                if (stored) {
                    l.add(new InsnNode(I2B));
                }
                wrapper = "java/lang/Byte";
            }
            case Type.CHAR -> {
                if (stored) {
                    l.add(new InsnNode(I2C));
                }
                wrapper = "java/lang/Character";
            }
            case Type.SHORT -> {
                if (stored) {
                    l.add(new InsnNode(I2S));
                }
                wrapper = "java/lang/Short";
            }
            case Type.INT -> wrapper = "java/lang/Integer";
            case Type.LONG -> wrapper = "java/lang/Long";
            case Type.FLOAT -> wrapper = "java/lang/Float";
            case Type.DOUBLE -> wrapper = "java/lang/Double";
            default -> {
                return;
            }
        }
        l.add(new MethodInsnNode(INVOKESTATIC, wrapper, "valueOf", "(" + type.getDescriptor() + ")L" + wrapper + ";", false));
    }
}
