// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test-only ERC-20 that anyone may mint; the base of the non-plain payment tokens below.
abstract contract MintableToken is ERC20 {
    constructor(string memory name_) ERC20(name_, name_) {}

    /// @notice Anyone mints (tests only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @notice Burns 1 % of every transfer: the recipient gets 99 %. Publishes its rate like Tether's fee switch.
contract FeeOnTransferToken is MintableToken {
    /// @notice The transfer fee (Tether's name for it).
    uint256 public constant basisPointsRate = 100;

    constructor() MintableToken("FEE") {}

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = value / 100;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}

/// @notice Balances are shares times an index that `rebase` may cut (a rebasing-down token).
contract RebasingToken is MintableToken {
    uint256 public indexBps = 10_000;

    constructor() MintableToken("REBASE") {}

    /// @notice Every balance becomes `newIndexBps` / 10,000 of its shares.
    function rebase(uint256 newIndexBps) external {
        indexBps = newIndexBps;
    }

    function balanceOf(address account) public view override returns (uint256) {
        return super.balanceOf(account) * indexBps / 10_000;
    }
}

/// @notice Returns false instead of reverting, and moves nothing, when `transfer`/`transferFrom` is called.
contract FalseReturningToken is MintableToken {
    constructor() MintableToken("FALSE") {}

    function transfer(address, uint256) public pure override returns (bool) {
        return false;
    }

    function transferFrom(address, address, uint256) public pure override returns (bool) {
        return false;
    }
}

/// @notice Calls a hook (`target` with `data`) on every transfer, like ERC-777 hooks; records whether it succeeded.
contract HookToken is MintableToken {
    /// @notice ERC-777's smallest unit (every ERC-777 token has it).
    uint256 public constant granularity = 1;

    address public hookTarget;
    bytes public hookData;
    uint256 public hookCalls;
    uint256 public hookSuccesses;

    constructor() MintableToken("HOOK") {}

    function setHook(address target, bytes calldata data) external {
        hookTarget = target;
        hookData = data;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (hookTarget == address(0) || from == address(0)) return;
        ++hookCalls;
        (bool ok,) = hookTarget.call(hookData);
        if (ok) ++hookSuccesses;
    }
}
