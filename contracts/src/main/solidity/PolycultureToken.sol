// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title The commons' governance and staking token.
/// @notice Fixed supply, minted once at deployment. Burnable, because slashed stake that pays
/// nobody is burned (see docs/contracts.md). Votes are checkpointed by timestamp, not block
/// number: block counts are no clock on chains that mine on demand.
contract PolycultureToken is ERC20, ERC20Burnable, ERC20Permit, ERC20Votes {
    constructor(address initialHolder, uint256 initialSupply)
        ERC20("Polyculture", "POLY")
        ERC20Permit("Polyculture")
    {
        _mint(initialHolder, initialSupply);
    }

    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
