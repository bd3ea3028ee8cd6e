//===- BufferAliases.cpp - uses of a buffer and its aliases -----------------===//

#include "BufferAliases.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

FailureOr<Operation *> mlir::dlc::lastUseBefore(Value buffer, Block *block,
                                               Operation *limit) {
  llvm::SetVector<Value> aliases;
  aliases.insert(buffer);
  Operation *last = nullptr;
  for (size_t i = 0; i < aliases.size(); ++i) {
    for (Operation *user : aliases[i].getUsers()) {
      if (user == limit)
        continue;
      Operation *inBlock = block->findAncestorOpInBlock(*user);
      if (!inBlock || !inBlock->isBeforeInBlock(limit))
        return failure();
      if (!last || last->isBeforeInBlock(inBlock))
        last = inBlock;
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType()))
          aliases.insert(result);
      // A result of an enclosing op may carry an alias out of a region
      // (a loop yielding it).
      if (inBlock != user)
        for (Value result : inBlock->getResults())
          if (isa<BaseMemRefType>(result.getType()))
            aliases.insert(result);
    }
  }
  return last;
}

