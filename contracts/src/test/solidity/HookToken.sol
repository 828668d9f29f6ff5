// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";

/// @notice Receives a call from HookToken whenever it is sent tokens.
interface ITokenReceiver {
    function onTokenReceived(address from, uint256 amount) external;
}

/// @title Test token that calls its recipients back, like ERC-777 hooks: the way a malicious
/// token receiver gets control in the middle of a payout.
contract HookToken is ERC20, ERC20Burnable {
    mapping(address account => bool) public hooked;

    constructor(address holder, uint256 supply) ERC20("Hook", "HOOK") {
        _mint(holder, supply);
    }

    /// @notice Opts the caller in to receive onTokenReceived callbacks.
    function registerHook() external {
        hooked[msg.sender] = true;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (hooked[to]) {
            ITokenReceiver(to).onTokenReceived(from, value);
        }
    }
}
