// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title The commons' timelock: holds the treasury and owns every parameter.
/// @notice OpenZeppelin's TimelockController with its minimum delay kept within bounds, so that a
/// proposal can neither remove the delay token holders rely on to exit nor freeze governance.
contract PolycultureTimelock is TimelockController {
    uint256 public constant MIN_DELAY_FLOOR = 1;
    uint256 public constant MIN_DELAY_CEILING = 30 days;

    error DelayOutOfBounds(uint256 delay, uint256 floor, uint256 ceiling);

    uint256 private _boundedMinDelay;

    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {
        _checkDelay(minDelay);
        _boundedMinDelay = minDelay;
    }

    function getMinDelay() public view override returns (uint256) {
        return _boundedMinDelay;
    }

    function updateDelay(uint256 newDelay) external override {
        if (msg.sender != address(this)) {
            revert TimelockUnauthorizedCaller(msg.sender);
        }
        _checkDelay(newDelay);
        emit MinDelayChange(_boundedMinDelay, newDelay);
        _boundedMinDelay = newDelay;
    }

    function _checkDelay(uint256 delay) private pure {
        if (delay < MIN_DELAY_FLOOR || delay > MIN_DELAY_CEILING) {
            revert DelayOutOfBounds(delay, MIN_DELAY_FLOOR, MIN_DELAY_CEILING);
        }
    }
}
